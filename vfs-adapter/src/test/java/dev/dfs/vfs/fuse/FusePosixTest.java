package dev.dfs.vfs.fuse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.client.Consistency;
import dev.dfs.client.DfsClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The POSIX behaviour real programs rely on, through a real mount (session mode, allow_other so
 * that another user can be tried), with shell commands and a small C program that prints the
 * errno of one call ({@code probe.c}, compiled here with gcc).
 */
@Timeout(120)
class FusePosixTest {
  @TempDir static Path temp;
  static FuseCell cell;
  static FuseMount mount;
  static Path probe;
  static final AtomicInteger next = new AtomicInteger();
  Path d;

  @BeforeAll
  static void start() throws Exception {
    FuseCell.assumeFuse();
    FuseCell.assumeProgram("gcc");
    // Another user must reach the mount point to be refused by mode bits, not by the path.
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    cell = new FuseCell(temp);
    mount = cell.mount(Consistency.SESSION, b -> b.allowOther(true));
    Path src = temp.resolve("probe.c");
    try (InputStream in = FusePosixTest.class.getResourceAsStream("probe.c")) {
      Files.write(src, in.readAllBytes());
    }
    probe = temp.resolve("probe");
    FuseCell.run(temp, Map.of(), 60, "gcc", "-Wall", "-o", probe.toString(), src.toString()).ok();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cell != null) {
      cell.close();
    }
  }

  @BeforeEach
  void dir() throws Exception {
    d = Files.createDirectory(mount.mountPoint().resolve("t" + next.incrementAndGet()));
  }

  private String sh(String script) {
    return FuseCell.sh(d, script).ok().out().trim();
  }

  private String probe(String... args) {
    String[] cmd = new String[args.length + 1];
    cmd[0] = probe.toString();
    System.arraycopy(args, 0, cmd, 1, args.length);
    return FuseCell.run(d, Map.of(), 60, cmd).ok().out().trim();
  }

  @Test
  void appendExclusiveAndTruncatingOpens() throws Exception {
    assertEquals("one\ntwo", sh("echo one > f; echo two >> f; cat f")); // O_TRUNC then O_APPEND
    assertEquals("x", sh("echo x > f; cat f")); // O_TRUNC of a longer file
    assertEquals("EEXIST", probe("creat_excl", "f"));
    assertEquals("OK", probe("creat_excl", "g"));
    FuseCell.Result noclobber = FuseCell.sh(d, "set -C; echo y > f");
    assertNotEquals(0, noclobber.code(), "set -C (O_EXCL) must refuse an existing file");
    assertEquals("x", sh("cat f"));
    sh("printf 0 > a");
    assertEquals("OK", probe("append", "a"));
    assertEquals("01234", sh("cat a")); // O_APPEND writes, even after lseek(0), land at the end
  }

  @Test
  void sparseWritesPastTheEndReadAsZeros() throws Exception {
    sh("printf abc > s; dd if=/dev/zero bs=1 count=1 seek=1000000 of=s conv=notrunc 2>/dev/null; printf Z | dd bs=1 seek=2000000 of=s conv=notrunc 2>/dev/null");
    byte[] all = Files.readAllBytes(d.resolve("s"));
    assertEquals(2_000_001, all.length);
    assertEquals("abc", new String(all, 0, 3, UTF_8));
    for (int i = 3; i < 2_000_000; i++) {
      if (all[i] != 0) {
        throw new AssertionError("byte " + i + " of the hole is " + all[i]);
      }
    }
    assertEquals('Z', all[2_000_000]);
    assertEquals("2000001", sh("stat -c %s s"));
  }

  @Test
  void truncateAndFtruncate() throws Exception {
    sh("printf 0123456789 > f");
    assertEquals("OK", probe("truncate", "f", "4"));
    assertEquals("0123", sh("cat f"));
    assertEquals("size=8", probe("ftruncate", "f", "8"));
    assertArrayEquals("0123\0\0\0\0".getBytes(UTF_8), Files.readAllBytes(d.resolve("f")));
    sh("truncate -s 2 f");
    assertEquals("01", sh("cat f"));
    assertEquals("EISDIR", probe("open_write", "."));
  }

  @Test
  void hardLinksShareTheFileAndCountLinks() throws Exception {
    sh("echo data > a; ln a b; mkdir sub; ln a sub/c");
    assertEquals("3 3 3", sh("stat -c %h a b sub/c | tr '\\n' ' ' | sed 's/ $//'"));
    assertEquals(sh("stat -c %i a"), sh("stat -c %i sub/c"));
    sh("echo more >> b");
    assertEquals("data\nmore", sh("cat sub/c"));
    sh("rm a");
    assertEquals("2", sh("stat -c %h b"));
    assertEquals("2", sh("stat -c %h sub/c"));
    assertEquals("2", sh("stat -c %h sub")); // a directory: its entry and "."
    sh("mkdir sub/x");
    assertEquals("3", sh("stat -c %h sub")); // and each subdirectory's ".."
  }

  @Test
  void unlinkedOpenFileStaysReadableUntilClosed() throws Exception {
    assertEquals("before", sh("echo before > f; exec 3<f; rm f; test ! -e f; cat <&3"));
    assertEquals("", sh("ls -A"), "the hidden name goes with the last close");
    sh("echo x > g");
    assertEquals("read=still here size=10 gone=1", probe("unlink_open", "g"));
    assertEquals("", sh("ls -A"));
    // Renaming over an open file keeps the old file readable through its descriptor too.
    assertEquals("old", sh("echo old > t; echo new > n; exec 3<t; mv n t; cat <&3"));
    assertEquals("new", sh("cat t"));
  }

  @Test
  void renameReplacesAtomicallyAndMovesDirectories() throws Exception {
    sh("echo 1 > a; echo 2 > b; mv a b");
    assertEquals("1", sh("cat b"));
    assertFalse(Files.exists(d.resolve("a")));
    sh("mkdir -p d1/inner; echo x > d1/inner/f; mkdir d2; mv d1 d2/moved");
    assertEquals("x", sh("cat d2/moved/inner/f"));
    sh("mkdir full; echo y > full/f; mkdir target; echo z > target/g");
    assertEquals("ENOTEMPTY", probe("rename", "full", "target"));
    assertEquals("EISDIR", probe("rename", "b", "target"));
    assertEquals("ENOTDIR", probe("rename", "full", "b"));
    assertEquals("EINVAL", probe("rename", "full", "full/sub"));
    sh("rm target/g");
    assertEquals("OK", probe("rename", "full", "target")); // an empty directory is replaced
    assertEquals("y", sh("cat target/f"));
    // renameat2(RENAME_NOREPLACE): libfuse 2 has no rename flags, so the kernel refuses the flag
    // itself (EINVAL); either way the target is untouched.
    String noReplace = probe("rename_noreplace", "b", "target/f");
    assertTrue(noReplace.equals("EEXIST") || noReplace.equals("EINVAL"), noReplace);
    assertEquals("y", sh("cat target/f"));
  }

  @Test
  void renameAcrossVolumesIsExdev() throws Exception {
    DfsClient c = cell.clientOf(mount);
    String volPath = "/" + d.getFileName() + "/vol";
    c.createVolume("v" + d.getFileName(), volPath);
    sh("echo moved > f");
    assertEquals("EXDEV", probe("rename", "f", "vol/f"));
    assertEquals("EXDEV", probe("link", "f", "vol/g"));
    sh("mv f vol/f"); // mv copies and removes on EXDEV
    assertEquals("moved", sh("cat vol/f"));
    assertFalse(Files.exists(d.resolve("f")));
  }

  @Test
  void symbolicLinks() throws Exception {
    sh("echo target > t; ln -s t l; ln -s ../nowhere dangling; mkdir sub; ln -s ../t sub/up");
    assertEquals("t", sh("readlink l"));
    assertEquals("target", sh("cat l"));
    assertEquals("target", sh("cat sub/up"));
    assertEquals("../nowhere", sh("readlink dangling"));
    assertEquals("ENOENT", probe("open", "dangling"));
    assertEquals("ELOOP", probe("open_nofollow", "l"));
    assertEquals("EINVAL", probe("readlink", "t"));
    assertEquals("l", sh("find . -type l -name l -printf %f"));
    assertEquals("EEXIST", probe("symlink", "x", "t"));
  }

  @Test
  void permissionsAreCheckedForOtherUsers() throws Exception {
    Assumptions.assumeTrue(FuseCell.sh(d, "id -u").out().trim().equals("0"), "needs root to act as another user");
    FuseCell.assumeProgram("setpriv");
    String nobody = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
    sh("echo secret > s; chmod 600 s; echo open > o; chmod 644 o");
    assertEquals("open", sh(nobody + "cat o"));
    FuseCell.Result denied = FuseCell.sh(d, nobody + "cat s");
    assertNotEquals(0, denied.code());
    assertTrue(denied.err().contains("Permission denied"), denied.err());
    FuseCell.Result write = FuseCell.sh(d, nobody + "sh -c 'echo x >> o'");
    assertTrue(write.err().contains("Permission denied"), write.err());
    FuseCell.Result chmod = FuseCell.sh(d, nobody + "chmod 777 o");
    assertTrue(chmod.err().contains("Operation not permitted"), chmod.err());
    FuseCell.Result create = FuseCell.sh(d, nobody + "touch new");
    assertTrue(create.err().contains("Permission denied"), create.err()); // d is 755 root
    sh("chown 65534:65534 s");
    assertEquals("secret", sh(nobody + "cat s"));
    assertEquals("65534 65534 600", sh("stat -c '%u %g %a' s"));
    sh("mkdir pub; chmod 1777 pub");
    sh(nobody + "touch pub/mine");
    assertEquals("65534 65534", sh("stat -c '%u %g' pub/mine"), "a file belongs to the user who made it");
    assertEquals("1777", sh("stat -c %a pub"));
  }

  @Test
  void timestampsFollowTheRules() throws Exception {
    sh("touch -d '2001-02-03 04:05:06.123456789' f");
    assertEquals("981173106.123456789 981173106.123456789", sh("stat -c '%.9X %.9Y' f"));
    sh("touch -m -d '2002-01-01 00:00:00' f"); // mtime only: atime stays
    assertEquals("981173106.123456789 1009843200.000000000", sh("stat -c '%.9X %.9Y' f"));
    long ctime = Long.parseLong(sh("stat -c %Z f"));
    assertTrue(ctime > 1_600_000_000L, "ctime is when the times were set, not the times");
    sh("touch -a -d '2003-01-01 00:00:00' f");
    assertEquals("1041379200 1009843200", sh("stat -c '%X %Y' f"));
    sh("echo data > f");
    long mtime = Long.parseLong(sh("stat -c %Y f"));
    assertTrue(mtime >= ctime, "a write sets mtime to now");
    String before = sh("stat -c %.9Z g 2>/dev/null || (echo x > g && stat -c %.9Z g)");
    Thread.sleep(20);
    sh("chmod 600 g");
    assertNotEquals(before, sh("stat -c %.9Z g"), "chmod changes ctime");
  }

  @Test
  void statfsReportsTheServersSpace() throws Exception {
    String df = sh("df -P . | tail -1");
    assertTrue(df.startsWith("dfs:"), df);
    String[] f = df.split("\\s+");
    assertTrue(Long.parseLong(f[1]) > 0, df);
    assertTrue(sh("stat -f -c %T .").startsWith("fuse"), "coreutils names FUSE's magic number");
    assertTrue(sh("grep ' " + mount.mountPoint() + " ' /proc/mounts").contains(" fuse.dfs "));
    assertEquals("255", sh("stat -f -c %l ."));
  }

  @Test
  void largeDirectoriesListCompletely() throws Exception {
    // 10,000 names through the provider (faster than one process per file), listed by ls through FUSE.
    sh("mkdir big");
    DfsClient c = cell.clientOf(mount);
    var fs = dev.dfs.vfs.DfsFileSystems.wrap(c);
    try {
      Path big = fs.getPath("/" + d.getFileName() + "/big");
      java.util.stream.IntStream.range(0, 10_000).parallel().forEach(i -> {
        try {
          Files.createDirectory(big.resolve(String.format("entry-%05d", i)));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    } finally {
      fs.close();
    }
    assertEquals("10000", sh("ls big | wc -l"));
    assertEquals("entry-00000 entry-09999", sh("ls big | sed -n '1p;$p' | tr '\\n' ' ' | sed 's/ $//'"));
    assertEquals("10002", sh("ls -a big | wc -l"));
    assertEquals("10000", sh("find big -mindepth 1 -maxdepth 1 -type d | wc -l"));
  }

  @Test
  void errnoOfEveryFailure() throws Exception {
    sh("echo x > f; mkdir dir; mkdir full; echo y > full/g");
    assertEquals("ENOENT", probe("open", "missing"));
    assertEquals("ENOENT", probe("unlink", "missing"));
    assertEquals("ENOENT", probe("mkdir", "missing/sub"));
    assertEquals("EEXIST", probe("mkdir", "f"));
    assertEquals("EEXIST", probe("mkdir", "dir"));
    assertEquals("EEXIST", probe("link", "f", "dir"));
    assertEquals("ENOTEMPTY", probe("rmdir", "full"));
    assertEquals("ENOTDIR", probe("rmdir", "f"));
    assertEquals("ENOTDIR", probe("open", "f/x"));
    assertEquals("EISDIR", probe("unlink", "dir"));
    assertEquals("EISDIR", probe("open_write", "dir"));
    assertEquals("OK", probe("rmdir", "dir"));
    assertEquals("rm: cannot remove 'full': Is a directory", FuseCell.sh(d, "rm full").err().trim());
  }

  @Test
  void fsyncStoresTheFileOnTheServer() throws Exception {
    sh("dd if=/dev/urandom of=r bs=64k count=16 conv=fsync 2>/dev/null");
    byte[] here = Files.readAllBytes(d.resolve("r"));
    assertEquals(1 << 20, here.length);
    try (var other = dev.dfs.vfs.DfsFileSystems.wrap(cell.client(Consistency.SESSION))) {
      assertArrayEquals(here, Files.readAllBytes(other.getPath("/" + d.getFileName() + "/r")));
    }
  }
}
