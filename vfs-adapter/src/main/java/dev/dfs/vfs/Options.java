package dev.dfs.vfs;

import dev.dfs.client.OpenFlag;
import java.nio.file.CopyOption;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code java.nio.file} option sets, normalised once at the boundary (Jimfs {@code Options}):
 * illegal mixes fail here with the exception the JDK throws, so the operations below see only
 * canonical, legal values.
 */
final class Options {
  private Options() {}

  /** A normalised open: the flags for the client plus what the channel itself has to do. */
  record Open(Set<OpenFlag> flags, boolean read, boolean write, boolean append, boolean create,
      boolean deleteOnClose, boolean sync, boolean noFollow) {}

  /** A normalised copy or move. */
  record Copy(boolean replace, boolean copyAttributes, boolean atomic, boolean noFollow) {}

  /** {@code Files.newByteChannel}/{@code FileChannel.open} rules. */
  static Open forOpen(Set<? extends OpenOption> options) {
    boolean read = false;
    boolean write = false;
    boolean append = false;
    boolean truncate = false;
    boolean create = false;
    boolean createNew = false;
    boolean deleteOnClose = false;
    boolean sync = false;
    boolean noFollow = false;
    for (OpenOption o : options) {
      Objects.requireNonNull(o, "open option");
      if (o == StandardOpenOption.READ) {
        read = true;
      } else if (o == StandardOpenOption.WRITE) {
        write = true;
      } else if (o == StandardOpenOption.APPEND) {
        append = true;
      } else if (o == StandardOpenOption.TRUNCATE_EXISTING) {
        truncate = true;
      } else if (o == StandardOpenOption.CREATE) {
        create = true;
      } else if (o == StandardOpenOption.CREATE_NEW) {
        createNew = true;
      } else if (o == StandardOpenOption.DELETE_ON_CLOSE) {
        deleteOnClose = true;
      } else if (o == StandardOpenOption.SYNC || o == StandardOpenOption.DSYNC) {
        sync = true;
      } else if (o == StandardOpenOption.SPARSE) {
        continue; // a hint: every DFS file is sparse
      } else if (o == LinkOption.NOFOLLOW_LINKS) {
        noFollow = true;
      } else {
        throw new UnsupportedOperationException("unsupported open option: " + o);
      }
    }
    if (append) {
      write = true;
    }
    if (!read && !write) {
      read = true;
    }
    if (read && append) {
      throw new IllegalArgumentException("READ + APPEND not allowed");
    }
    if (append && truncate) {
      throw new IllegalArgumentException("APPEND + TRUNCATE_EXISTING not allowed");
    }
    Set<OpenFlag> flags = EnumSet.noneOf(OpenFlag.class);
    if (read) {
      flags.add(OpenFlag.READ);
    }
    if (write) {
      flags.add(OpenFlag.WRITE);
      // CREATE, CREATE_NEW and TRUNCATE_EXISTING are ignored when the file is only read.
      if (createNew) {
        flags.add(OpenFlag.CREATE_NEW);
      } else if (create) {
        flags.add(OpenFlag.CREATE);
      }
      if (truncate) {
        flags.add(OpenFlag.TRUNCATE);
      }
    }
    if (append) {
      flags.add(OpenFlag.APPEND);
    }
    if (noFollow || (write && createNew)) {
      flags.add(OpenFlag.NOFOLLOW); // O_CREAT|O_EXCL never follows a final symlink
    }
    return new Open(Set.copyOf(flags), read, write, append, write && (create || createNew), deleteOnClose, sync,
        noFollow);
  }

  /** {@code Files.newOutputStream}: no options means CREATE, TRUNCATE_EXISTING, WRITE; READ is illegal. */
  static Open forOutputStream(OpenOption... options) {
    Set<OpenOption> set = new HashSet<>(Arrays.asList(options));
    if (set.isEmpty()) {
      set.addAll(List.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
    }
    if (set.contains(StandardOpenOption.READ)) {
      throw new IllegalArgumentException("READ not allowed");
    }
    set.add(StandardOpenOption.WRITE);
    return forOpen(set);
  }

  /** {@code Files.newInputStream}: APPEND and WRITE are not allowed. */
  static Open forInputStream(OpenOption... options) {
    for (OpenOption o : options) {
      if (o == StandardOpenOption.APPEND || o == StandardOpenOption.WRITE) {
        throw new UnsupportedOperationException("'" + o + "' not allowed");
      }
    }
    return forOpen(new HashSet<>(Arrays.asList(options)));
  }

  static Copy forCopy(CopyOption... options) {
    return copyOrMove(false, options);
  }

  static Copy forMove(CopyOption... options) {
    return copyOrMove(true, options);
  }

  private static Copy copyOrMove(boolean move, CopyOption... options) {
    boolean replace = false;
    boolean attrs = false;
    boolean atomic = false;
    boolean noFollow = move; // a move always moves the link itself
    for (CopyOption o : options) {
      Objects.requireNonNull(o, "copy option");
      if (o == StandardCopyOption.REPLACE_EXISTING) {
        replace = true;
      } else if (o == StandardCopyOption.COPY_ATTRIBUTES) {
        attrs = true;
      } else if (o == StandardCopyOption.ATOMIC_MOVE && move) {
        atomic = true;
      } else if (o == LinkOption.NOFOLLOW_LINKS) {
        noFollow = true;
      } else {
        throw new UnsupportedOperationException("unsupported " + (move ? "move" : "copy") + " option: " + o);
      }
    }
    return new Copy(replace, attrs || move, atomic, noFollow);
  }

  /** Whether to follow a final symbolic link: true unless NOFOLLOW_LINKS is among {@code options}. */
  static boolean follow(LinkOption... options) {
    boolean follow = true;
    for (LinkOption o : options) {
      if (Objects.requireNonNull(o, "link option") == LinkOption.NOFOLLOW_LINKS) {
        follow = false;
      } else {
        throw new UnsupportedOperationException("unsupported link option: " + o);
      }
    }
    return follow;
  }
}
