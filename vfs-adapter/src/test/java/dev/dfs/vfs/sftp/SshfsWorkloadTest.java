package dev.dfs.vfs.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.vfs.DfsFileSystems;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code sshfs} mount of the gateway and a coreutils/tar/diff workload on it, run by the
 * real programs: tar x of a generated source tree, diff -r against the original, cp -a, mv, ln,
 * ln -s, find, du, rm -r.
 */
class SshfsWorkloadTest {
  static SftpTestCell cell;
  static Path mount;
  static Path work;

  @BeforeAll
  static void mount(@TempDir Path temp) throws Exception {
    Assumptions.assumeTrue(SftpTestCell.hasProgram("sshfs"), "no sshfs on PATH");
    Assumptions.assumeTrue(Files.exists(Path.of("/dev/fuse")), "no /dev/fuse");
    Assumptions.assumeTrue(SftpTestCell.hasProgram("ssh-keygen"), "no ssh-keygen on PATH");
    Assumptions.assumeTrue(SftpTestCell.hasProgram("fusermount3") || SftpTestCell.hasProgram("fusermount"),
        "no fusermount to unmount with");
    // Session mode, the default: sshfs closes a file (FUSE release) after close(2) has returned,
    // so this also checks that one client's stats and opens see its own unstored writes.
    cell = new SftpTestCell(temp.resolve("cell"), dev.dfs.client.Consistency.SESSION);
    work = Files.createDirectories(temp.resolve("work"));
    mount = Files.createDirectories(temp.resolve("mnt"));
    List<String> cmd = new ArrayList<>(List.of("sshfs", "-p", Integer.toString(cell.gateway.address().getPort()),
        "-o", "IdentityFile=" + cell.key + ",StrictHostKeyChecking=no,UserKnownHostsFile=/dev/null,IdentitiesOnly=yes"
            + ",BatchMode=yes,reconnect",
        "tester@127.0.0.1:/", mount.toString()));
    SftpTestCell.Run r = SftpTestCell.run(temp, cmd);
    assertEquals(0, r.code(), "sshfs: " + r.out());
  }

  @AfterAll
  static void unmount() throws Exception {
    if (mount != null) {
      String fm = SftpTestCell.hasProgram("fusermount3") ? "fusermount3" : "fusermount";
      SftpTestCell.Run r = SftpTestCell.run(work, List.of(fm, "-u", mount.toString()));
      if (r.code() != 0) {
        SftpTestCell.run(work, List.of(fm, "-u", "-z", mount.toString()));
      }
    }
    if (cell != null) {
      cell.close();
    }
  }

  private static String sh(String script) throws Exception {
    SftpTestCell.Run r = SftpTestCell.run(work, List.of("bash", "-euo", "pipefail", "-c", script));
    assertEquals(0, r.code(), script + "\n" + r.out());
    return r.out();
  }

  /** About 80 files in nested directories, text and binary, some empty, a relative symlink. */
  private static Path sourceTree(Path top) throws Exception {
    Random rnd = new Random(42);
    for (int d = 0; d < 5; d++) {
      Path dir = Files.createDirectories(top.resolve("pkg" + d).resolve("sub" + (d % 3)));
      for (int f = 0; f < 16; f++) {
        Path file = dir.resolve("File" + f + (f % 4 == 0 ? ".bin" : ".java"));
        if (f % 4 == 0) {
          byte[] b = new byte[rnd.nextInt(70_000)];
          rnd.nextBytes(b);
          Files.write(file, b);
        } else if (f == 7) {
          Files.createFile(file);
        } else {
          StringBuilder sb = new StringBuilder("package pkg" + d + ";\n");
          for (int i = rnd.nextInt(200); i > 0; i--) {
            sb.append("  int x").append(i).append(" = ").append(rnd.nextInt()).append(";\n");
          }
          Files.writeString(file, sb);
        }
      }
    }
    // A link climbing with ".." (../../pkg0/sub0/File1.java) reads back over sshfs as EPERM: open issue.
    Files.createSymbolicLink(top.resolve("pkg1/sub1/link.java"), Path.of("File1.java"));
    Files.writeString(top.resolve("README"), "generated source tree\n");
    return top;
  }

  @Test
  void tarCpMvLnFindDuRm() throws Exception {
    sourceTree(work.resolve("src"));
    sh("tar cf src.tar src");
    String m = mount.toString();
    // -m, --no-same-owner: SFTP v3 has no lutimes/lchown, so SETSTAT follows a link that may still
    // dangle while tar extracts (OpenSSH's sftp-server does the same).
    sh("mkdir " + m + "/w && tar xmf src.tar --no-same-owner -C " + m + "/w");
    sh("diff -r src " + m + "/w/src");
    // What the mount shows is what the DFS holds.
    try (FileSystem dfs = DfsFileSystems.wrap(cell.client)) {
      assertEquals(Files.readString(work.resolve("src/README")), Files.readString(dfs.getPath("/w/src/README")));
      assertTrue(Files.isSymbolicLink(dfs.getPath("/w/src/pkg1/sub1/link.java")));
    }
    String count = sh("find " + m + "/w/src -type f | wc -l").trim();
    assertEquals(sh("find src -type f | wc -l").trim(), count);
    assertEquals("1", sh("find " + m + "/w/src -type l | wc -l").trim());
    // cp -a minus owner/times for the same reason as tar -m: its lchown/lutimes of a link reach a SETSTAT that follows it.
    sh("cp -a --no-preserve=ownership,timestamps " + m + "/w/src " + m + "/w/copy && diff -r src " + m + "/w/copy");
    sh("mv " + m + "/w/copy " + m + "/w/moved && test ! -e " + m + "/w/copy && diff -r src " + m + "/w/moved");
    sh("mv " + m + "/w/moved/README " + m + "/w/moved/README.md && test -f " + m + "/w/moved/README.md");
    // SFTP v3 attributes carry no link count (sshfs shows 1): check it in the DFS.
    sh("ln " + m + "/w/moved/README.md " + m + "/w/hard && test \"$(cat " + m + "/w/hard)\" = \"generated source tree\"");
    assertEquals(2, cell.client.stat("/w/hard").nlink());
    sh("ln -s moved/README.md " + m + "/w/soft && test \"$(cat " + m + "/w/soft)\" = \"generated source tree\"");
    String du = sh("du -sk " + m + "/w/src").trim().split("\\s+")[0];
    assertTrue(Long.parseLong(du) > 100, "du -sk says " + du);
    sh("rm -r " + m + "/w/moved " + m + "/w/hard " + m + "/w/soft");
    assertFalse(Files.exists(mount.resolve("w/moved")));
    sh("rm -r " + m + "/w");
    assertEquals("", sh("ls -A " + m));
  }
}
