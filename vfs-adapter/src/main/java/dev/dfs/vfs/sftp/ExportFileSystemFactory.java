package dev.dfs.vfs.sftp;

import dev.dfs.client.DfsClient;
import dev.dfs.vfs.DfsFileSystems;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.Map;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.file.root.RootedFileSystem;
import org.apache.sshd.common.file.root.RootedFileSystemProvider;
import org.apache.sshd.common.file.root.RootedPath;
import org.apache.sshd.common.session.SessionContext;

/**
 * Gives each SFTP channel its own file system (STYLE rule 10: MINA closes it when the channel
 * ends): a fresh {@code dfs:} view over the shared client, rooted at the export with MINA's
 * {@link RootedFileSystem}, so that {@code ..} and absolute paths stay inside it.
 *
 * <p>Symbolic links: the {@code dfs:} provider resolves them in the DFS namespace, so with the
 * whole tree exported ({@code /}) nothing can lead out. With a subdirectory exported, every path
 * is also checked with its links followed: a path whose directory, or whose final symlink, leads
 * outside the export is refused ({@link OutsideExportException}, "permission denied"), and a
 * relative link target may not climb above the export. (Another client can still swap a
 * directory for a link between the check and the use; the export is a convenience, not a
 * security boundary against other writers of the cell.)
 */
final class ExportFileSystemFactory implements FileSystemFactory {
  private final DfsClient client;
  private final String root;

  ExportFileSystemFactory(DfsClient client, String root) {
    this.client = client;
    this.root = root;
  }

  @Override
  public Path getUserHomeDir(SessionContext session) {
    return null; // the SFTP default directory is the export's root
  }

  @Override
  public FileSystem createFileSystem(SessionContext session) throws IOException {
    FileSystem view = DfsFileSystems.wrap(client);
    try {
      Path top = view.getPath(root);
      if (!Files.isDirectory(top)) {
        throw new NoSuchFileException(root, null, "exported directory missing");
      }
      return new ExportProvider().open(view, top.toRealPath());
    } catch (IOException | RuntimeException e) {
      view.close();
      throw e;
    }
  }

  /** A path that leads outside the export; SFTP "permission denied". */
  static final class OutsideExportException extends InvalidPathException {
    private static final long serialVersionUID = 1L;

    OutsideExportException(String path) {
      super(path, "leads outside the exported directory");
    }
  }

  /** One channel's file system: closing it closes the channel's {@code dfs:} view (not the client). */
  static final class ExportFileSystem extends RootedFileSystem {
    private final FileSystem view;

    ExportFileSystem(ExportProvider provider, Path root, FileSystem view) {
      super(provider, root, Map.of());
      this.view = view;
    }

    @Override
    public void close() throws IOException {
      view.close();
    }
  }

  /** MINA's rooted provider, bound to one file system, with the link checks of a sub-root export. */
  static final class ExportProvider extends RootedFileSystemProvider {
    private static final int MAX_LINKS = 40;
    private ExportFileSystem fs;
    private Path top;
    private boolean wholeTree;

    ExportFileSystem open(FileSystem view, Path realRoot) {
      top = realRoot;
      wholeTree = realRoot.getNameCount() == 0;
      fs = new ExportFileSystem(this, realRoot, view);
      return fs;
    }

    @Override
    protected RootedFileSystem getFileSystem(Path path) {
      if (fs == null || path.getFileSystem() != fs) {
        throw new FileSystemNotFoundException(String.valueOf(path));
      }
      return fs;
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
      return Files.getFileStore(unroot(path));
    }

    @Override
    protected Path resolveLocalPath(RootedPath path) {
      Path local = super.resolveLocalPath(path);
      if (!wholeTree) {
        confine(local, path.toString(), 0);
      }
      return local;
    }

    /**
     * MINA refuses any relative target that starts with {@code ..}, which breaks ordinary trees
     * ({@code lib/libx.so -> ../build/libx.so}); here a target is refused only if, read from the
     * link's directory, it climbs above the export.
     */
    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
      Path l = unroot(link);
      Path t;
      if (target.isAbsolute()) {
        t = unroot(target);
      } else {
        if (!wholeTree) {
          int depth = link.toAbsolutePath().normalize().getNameCount() - 1;
          for (Path name : target) {
            String n = name.toString();
            depth += n.equals("..") ? -1 : n.equals(".") ? 0 : 1;
            if (depth < 0) {
              throw new OutsideExportException(target.toString());
            }
          }
        }
        t = l.getFileSystem().getPath(target.toString());
      }
      l.getFileSystem().provider().createSymbolicLink(l, t, attrs);
    }

    /** Checks that {@code local}'s directory, and its final link if any, resolve inside the export. */
    private void confine(Path local, String shown, int depth) {
      if (depth > MAX_LINKS) {
        throw new OutsideExportException(shown);
      }
      local = local.normalize();
      if (local.equals(top)) {
        return;
      }
      Path parent = local.getParent();
      Path real = realExisting(parent);
      if (!real.startsWith(top)) {
        throw new OutsideExportException(shown);
      }
      Path here = real.resolve(local.getFileName().toString());
      if (Files.isSymbolicLink(here)) {
        try {
          Path target = Files.readSymbolicLink(here);
          Path next = (target.isAbsolute() ? target : real.resolve(target)).normalize();
          confine(next, shown, depth + 1);
        } catch (IOException e) {
          throw new OutsideExportException(shown);
        }
      }
    }

    /** The real path of the deepest existing ancestor of {@code p}, with the rest appended. */
    private static Path realExisting(Path p) {
      Path missing = null;
      for (Path q = p; q != null; q = q.getParent()) {
        try {
          Path real = q.toRealPath();
          return missing == null ? real : real.resolve(missing.toString());
        } catch (IOException e) {
          Path name = q.getFileName();
          if (name == null) {
            break;
          }
          missing = missing == null ? q.getFileSystem().getPath(name.toString()) : q.getFileSystem().getPath(name.toString()).resolve(missing);
        }
      }
      return p.getRoot();
    }
  }
}
