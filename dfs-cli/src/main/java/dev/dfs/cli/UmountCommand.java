package dev.dfs.cli;

import dev.dfs.vfs.fuse.FuseMount;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dfs umount MOUNTPOINT}: unmounts a {@code dfs mount}, which then exits. */
@Command(name = "umount", mixinStandardHelpOptions = true,
    description = "Unmount a DFS FUSE mount (with fusermount3 -u, fusermount -u or umount); "
        + "the `dfs mount` serving it stores open files and exits.")
final class UmountCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "MOUNTPOINT")
  Path mountPoint;

  @Override
  public Integer call() {
    try {
      FuseMount.unmount(mountPoint);
      return 0;
    } catch (IOException e) {
      System.err.println("dfs umount: " + e.getMessage());
      return 1;
    }
  }
}
