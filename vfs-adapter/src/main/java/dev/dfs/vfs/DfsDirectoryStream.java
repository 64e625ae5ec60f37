package dev.dfs.vfs;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The entries of one directory, read when the stream is opened (so a missing or non-directory
 * path fails at open, as on the default file system), filtered lazily. One iterator only; after
 * close the iterator reports no more entries.
 */
final class DfsDirectoryStream implements DirectoryStream<Path> {
  private final DfsFileSystem fs;
  private final DfsPath dir;
  private final List<String> names;
  private final Filter<? super Path> filter;
  private volatile boolean closed;
  private boolean iterated;

  DfsDirectoryStream(DfsFileSystem fs, DfsPath dir, List<String> names, Filter<? super Path> filter) {
    this.fs = fs;
    this.dir = dir;
    this.names = names;
    this.filter = filter;
  }

  @Override
  public synchronized Iterator<Path> iterator() {
    if (closed) {
      throw new IllegalStateException("directory stream is closed");
    }
    if (iterated) {
      throw new IllegalStateException("iterator() already called");
    }
    iterated = true;
    return new Iterator<>() {
      private int next;
      private Path pending;

      @Override
      public boolean hasNext() {
        while (pending == null && !closed && next < names.size()) {
          Path p = dir.resolve(names.get(next++));
          try {
            if (filter == null || filter.accept(p)) {
              pending = p;
            }
          } catch (IOException e) {
            throw new DirectoryIteratorException(e);
          }
        }
        return pending != null;
      }

      @Override
      public Path next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Path p = pending;
        pending = null;
        return p;
      }
    };
  }

  @Override
  public void close() {
    closed = true;
    fs.unregister(this);
  }
}
