package dev.dfs.testkit.fs;

import java.util.List;
import java.util.Objects;

/**
 * An {@link FsTarget} backed by an {@link FsModel}: each change replaces the current model. Not
 * thread-safe; a fresh one per sequence of operations.
 */
public final class ModelTarget implements FsTarget {
  private FsModel model;

  /** A target starting from {@code model}. */
  public ModelTarget(FsModel model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  /** A target starting from an empty tree. */
  public ModelTarget() {
    this(FsModel.empty());
  }

  /** The current model. */
  public FsModel model() {
    return model;
  }

  private Errno apply(FsModel.Change change) {
    model = change.model();
    return change.errno();
  }

  @Override
  public Errno mkdir(String path, int mode) {
    return apply(model.mkdir(path, mode));
  }

  @Override
  public Errno create(String path, int mode, boolean exclusive) {
    return apply(model.create(path, mode, exclusive));
  }

  @Override
  public Errno write(String path, long offset, byte[] data) {
    return apply(model.write(path, offset, data));
  }

  @Override
  public Errno truncate(String path, long size) {
    return apply(model.truncate(path, size));
  }

  @Override
  public Result<byte[]> read(String path) {
    return model.read(path);
  }

  @Override
  public Errno unlink(String path) {
    return apply(model.unlink(path));
  }

  @Override
  public Errno rmdir(String path) {
    return apply(model.rmdir(path));
  }

  @Override
  public Errno rename(String from, String to) {
    return apply(model.rename(from, to));
  }

  @Override
  public Errno link(String existing, String path) {
    return apply(model.link(existing, path));
  }

  @Override
  public Errno symlink(String target, String path) {
    return apply(model.symlink(target, path));
  }

  @Override
  public Result<String> readlink(String path) {
    return model.readlink(path);
  }

  @Override
  public Result<List<String>> list(String path) {
    return model.list(path);
  }

  @Override
  public Result<Stat> stat(String path) {
    return model.stat(path);
  }

  @Override
  public Errno chmod(String path, int mode) {
    return apply(model.chmod(path, mode));
  }

  @Override
  public String toString() {
    return "model";
  }
}
