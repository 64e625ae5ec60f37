package dev.dfs.vfs.fuse;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The handle table of one mount: FUSE file handle ({@code fi->fh}) to the {@link FileChannel}
 * the {@code dfs:} provider opened, and per file (keyed by the provider's {@code fileKey}, the
 * FID, so hard links share one entry) what the mount must remember while any handle is open:
 * the local modification time of unstored writes (session mode), and times set while such
 * writes were pending.
 *
 * <p>Thread-safe: the table is concurrent and each {@link Node} guards its own fields.
 */
final class OpenFiles {
  private final AtomicLong nextFh = new AtomicLong(1);
  private final Map<Long, Handle> handles = new ConcurrentHashMap<>();
  private final Map<Object, Node> nodes = new ConcurrentHashMap<>();

  /** One open of a file: what {@code fi->fh} names. */
  static final class Handle {
    final long fh;
    final FileChannel channel;
    final Node node;
    final boolean writable;
    /** O_APPEND that the channel does not do itself (O_RDWR|O_APPEND, O_APPEND|O_TRUNC). */
    final boolean appendByHand;
    /** Whether this handle wrote or resized since it was last stored (session mode). */
    volatile boolean wrote;

    Handle(long fh, FileChannel channel, Node node, boolean writable, boolean appendByHand) {
      this.fh = fh;
      this.channel = channel;
      this.node = node;
      this.writable = writable;
      this.appendByHand = appendByHand;
    }
  }

  /** What the mount knows about one open file (by FID), for as long as a handle is open on it. */
  static final class Node {
    final Object key;
    private final List<Handle> open = new ArrayList<>();
    private long localMtimeNanos = Long.MIN_VALUE;
    private FileTime pendingAtime;
    private FileTime pendingMtime;

    Node(Object key) {
      this.key = key;
    }

    /** A writable handle that has unstored writes, or null. */
    synchronized Handle dirtyHandle() {
      for (Handle h : open) {
        if (h.writable && h.wrote) {
          return h;
        }
      }
      return null;
    }

    /** Any writable handle, or null. */
    synchronized Handle writableHandle() {
      for (Handle h : open) {
        if (h.writable) {
          return h;
        }
      }
      return null;
    }

    /** Records a local write at {@code nanos}: it supersedes times set before it. */
    synchronized void wrote(long nanos) {
      localMtimeNanos = Math.max(localMtimeNanos, nanos);
      pendingAtime = null;
      pendingMtime = null;
    }

    /** The time of the last unstored local write, or {@code Long.MIN_VALUE}. */
    synchronized long localMtimeNanos() {
      return localMtimeNanos;
    }

    /** Times set while writes were unstored: the store will overwrite them, so they are set again after it. */
    synchronized void pendingTimes(FileTime atime, FileTime mtime) {
      if (atime != null) {
        pendingAtime = atime;
      }
      if (mtime != null) {
        pendingMtime = mtime;
      }
    }

    synchronized FileTime pendingMtime() {
      return pendingMtime;
    }

    /** Takes the pending times (atime, mtime; either may be null), or null if none. */
    synchronized FileTime[] takePendingTimes() {
      if (pendingAtime == null && pendingMtime == null) {
        return null;
      }
      FileTime[] t = {pendingAtime, pendingMtime};
      pendingAtime = null;
      pendingMtime = null;
      return t;
    }

    /** After a store: the server's times are current again. */
    synchronized void stored() {
      if (dirtyHandle() == null) {
        localMtimeNanos = Long.MIN_VALUE;
      }
    }

  }

  /** Registers a new open of the file {@code key}; returns its handle. */
  Handle add(FileChannel channel, Object key, boolean writable, boolean appendByHand) {
    long fh = nextFh.getAndIncrement();
    while (true) {
      Node n = nodes.computeIfAbsent(key, Node::new);
      synchronized (n) {
        if (nodes.get(key) != n) {
          continue; // removed by a concurrent last release: take a fresh node
        }
        Handle h = new Handle(fh, channel, n, writable, appendByHand);
        n.open.add(h);
        handles.put(fh, h);
        return h;
      }
    }
  }

  /** The handle {@code fh}, or EBADF. */
  Handle get(long fh) throws BadHandleException {
    Handle h = handles.get(fh);
    if (h == null) {
      throw new BadHandleException(fh);
    }
    return h;
  }

  /** The open file {@code key}, or null if no handle is open on it. */
  Node node(Object key) {
    return key == null ? null : nodes.get(key);
  }

  /** Forgets {@code h} (its channel is already closed). */
  void remove(Handle h) {
    handles.remove(h.fh, h);
    Node n = h.node;
    synchronized (n) {
      n.open.remove(h);
      if (n.open.isEmpty()) {
        nodes.remove(n.key, n);
      }
    }
  }

  /** Every open handle (unmount). */
  List<Handle> all() {
    return new ArrayList<>(handles.values());
  }

  int size() {
    return handles.size();
  }

  /** A file handle the kernel named that this table does not hold: EBADF. */
  static final class BadHandleException extends IOException {
    private static final long serialVersionUID = 1L;

    BadHandleException(long fh) {
      super("no open file handle " + fh);
    }
  }
}
