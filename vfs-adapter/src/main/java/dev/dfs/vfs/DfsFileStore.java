package dev.dfs.vfs;

import dev.dfs.protocol.Reply;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.FileStoreAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;

/**
 * The volume that holds a path. Space figures come from the server (statfs) at each call; the
 * name is the server's address and the type is "dfs".
 */
final class DfsFileStore extends FileStore {
  private final DfsFileSystem fs;
  private final DfsPath path;

  DfsFileStore(DfsFileSystem fs, DfsPath path) {
    this.fs = fs;
    this.path = path;
  }

  private Reply.FsStat stat() throws IOException {
    return fs.ops().statfs(path);
  }

  @Override
  public String name() {
    return fs.authority();
  }

  @Override
  public String type() {
    return "dfs";
  }

  @Override
  public boolean isReadOnly() {
    return false;
  }

  @Override
  public long getTotalSpace() throws IOException {
    return stat().totalBytes();
  }

  @Override
  public long getUsableSpace() throws IOException {
    return stat().availableBytes();
  }

  @Override
  public long getUnallocatedSpace() throws IOException {
    return stat().freeBytes();
  }

  @Override
  public boolean supportsFileAttributeView(Class<? extends FileAttributeView> type) {
    return type == BasicFileAttributeView.class || type == PosixFileAttributeView.class
        || type == FileOwnerAttributeView.class;
  }

  @Override
  public boolean supportsFileAttributeView(String name) {
    return DfsFileSystem.VIEWS.contains(name);
  }

  @Override
  public <V extends FileStoreAttributeView> V getFileStoreAttributeView(Class<V> type) {
    return null;
  }

  @Override
  public Object getAttribute(String attribute) throws IOException {
    switch (attribute) {
      case "totalSpace":
        return getTotalSpace();
      case "usableSpace":
        return getUsableSpace();
      case "unallocatedSpace":
        return getUnallocatedSpace();
      default:
        throw new UnsupportedOperationException("'" + attribute + "' not recognized");
    }
  }

  @Override
  public String toString() {
    return path + " (dfs://" + fs.authority() + ")";
  }
}
