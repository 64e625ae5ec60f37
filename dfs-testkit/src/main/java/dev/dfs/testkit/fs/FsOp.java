package dev.dfs.testkit.fs;

import java.util.Arrays;
import java.util.Objects;

/**
 * One file system operation as an immutable value: applied to any {@link FsTarget} with
 * {@link #apply}, and to the model with {@link #expect}. Each record prints as a readable call,
 * e.g. {@code rename /a /b/c} or {@code write /a @3 "xy" (2 bytes)}.
 */
public sealed interface FsOp {

  /** Runs this operation on {@code target}; the result has a value for queries, none for changes. */
  Result<?> apply(FsTarget target);

  /** What the model predicts: the model after this operation, and its result. */
  default Expected expect(FsModel model) {
    ModelTarget t = new ModelTarget(model);
    Result<?> r = apply(t);
    return new Expected(t.model(), r);
  }

  /** The model after an operation and the result it predicts. */
  record Expected(FsModel model, Result<?> result) {}

  /** {@code mkdir}. */
  record Mkdir(String path, int mode) implements FsOp {
    @Override
    public Result<?> apply(FsTarget t) {
      return Result.of(t.mkdir(path, mode));
    }

    @Override
    public String toString() {
      return "mkdir " + path + " 0" + Integer.toOctalString(mode);
    }
  }

  /** {@code open(O_CREAT [| O_EXCL])} and close. */
  record Create(String path, int mode, boolean exclusive) implements FsOp {
    @Override
    public Result<?> apply(FsTarget t) {
      return Result.of(t.create(path, mode, exclusive));
    }

    @Override
    public String toString() {
      return (exclusive ? "create-excl " : "create ") + path + " 0" + Integer.toOctalString(mode);
    }
  }

  /** Writes bytes at an offset. */
  record Write(String path, long offset, byte[] data) implements FsOp {
    /** Copies the data. */
    public Write {
      data = data.clone();
    }

    @Override
    public byte[] data() {
      return data.clone();
    }

    @Override
    public Result<?> apply(FsTarget t) {
      return Result.of(t.write(path, offset, data.clone()));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Write w && path.equals(w.path) && offset == w.offset && Arrays.equals(data, w.data);
    }

    @Override
    public int hashCode() {
      return Objects.hash(path, offset, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
      return "write " + path + " @" + offset + " " + Result.show(data);
    }
  }

  /** {@code truncate}. */
  record Truncate(String path, long size) implements FsOp {
    @Override
    public Result<?> apply(FsTarget t) {
      return Result.of(t.truncate(path, size));
    }

    @Override
    public String toString() {
      return "truncate " + path + " " + size;
    }
  }

  /** Reads a whole file. */
  record Read(String path) implements FsOp {
    @Override
    public Result<?> apply(FsTarget t) {
      return t.read(path);
    }

    @Override
    public String toString() {
      return "read " + path;
    }
  }

  /** {@code unlink}. */
  record Unlink(String path) implements FsOp {
    @Override
    public Result<?> apply(FsTarget t) {
      return Result.of(t.unlink(path));
    }

    @Override
    public String toString() {
      return "unlink " + path;
    }
  }

  /** {@code rmdir}. */
  record Rmdir(String path) implements FsOp {
    @Override
    public Result<?> apply(FsTarget t) {
      return Result.of(t.rmdir(path));
    }

    @Override
    public String toString() {
      return "rmdir " + path;
    }
  }

  /** {@code rename}. */
  record Rename(String from, String to) implements FsOp {
    @Override
    public Result<?> apply(FsTarget t) {
      return Result.of(t.rename(from, to));
    }

    @Override
    public String toString() {
      return "rename " + from + " " + to;
    }
  }

  /** {@code link} (a hard link). */
  record Link(String existing, String path) implements FsOp {
    @Override
    public Result<?> apply(FsTarget t) {
      return Result.of(t.link(existing, path));
    }

    @Override
    public String toString() {
      return "link " + existing + " " + path;
    }
  }

  /** {@code symlink}. */
  record Symlink(String target, String path) implements FsOp {
    @Override
    public Result<?> apply(FsTarget t) {
      return Result.of(t.symlink(target, path));
    }

    @Override
    public String toString() {
      return "symlink " + Result.quote(target) + " " + path;
    }
  }

  /** {@code readlink}. */
  record Readlink(String path) implements FsOp {
    @Override
    public Result<?> apply(FsTarget t) {
      return t.readlink(path);
    }

    @Override
    public String toString() {
      return "readlink " + path;
    }
  }

  /** Lists a directory. */
  record ListDir(String path) implements FsOp {
    @Override
    public Result<?> apply(FsTarget t) {
      return t.list(path);
    }

    @Override
    public String toString() {
      return "list " + path;
    }
  }

  /** {@code lstat}. */
  record Lstat(String path) implements FsOp {
    @Override
    public Result<?> apply(FsTarget t) {
      return t.stat(path);
    }

    @Override
    public String toString() {
      return "stat " + path;
    }
  }

  /** {@code chmod}. */
  record Chmod(String path, int mode) implements FsOp {
    @Override
    public Result<?> apply(FsTarget t) {
      return Result.of(t.chmod(path, mode));
    }

    @Override
    public String toString() {
      return "chmod " + path + " 0" + Integer.toOctalString(mode);
    }
  }
}
