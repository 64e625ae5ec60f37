package dev.dfs.vfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.client.Consistency;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real programs on a real mount (session mode): coreutils, tar and diff, git, gcc and sqlite3.
 * Each must exit 0 and leave what it leaves on a local disk.
 */
@Timeout(180)
class FuseProgramsTest {
  @TempDir static Path temp;
  static FuseCell cell;
  static FuseMount mount;
  /** A source tree of a few hundred files on the local disk, the oracle. */
  static Path tree;

  @BeforeAll
  static void start() throws Exception {
    FuseCell.assumeFuse();
    cell = new FuseCell(temp);
    mount = cell.mount(Consistency.SESSION);
    tree = makeTree(Files.createDirectories(temp.resolve("local/src")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (cell != null) {
      cell.close();
    }
  }

  /** 12 directories of 25 files (empty to ~40 KiB, text and binary), symlinks, an executable. */
  private static Path makeTree(Path root) throws Exception {
    Random r = new Random(42);
    for (int d = 0; d < 12; d++) {
      Path dir = root.resolve("pkg" + d);
      Files.createDirectories(dir.resolve("sub"));
      for (int f = 0; f < 25; f++) {
        byte[] b = new byte[f == 0 ? 0 : r.nextInt(40_000)];
        if (f % 2 == 0) {
          r.nextBytes(b);
        } else {
          for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i % 80 == 79 ? '\n' : 'a' + r.nextInt(26));
          }
        }
        Files.write(dir.resolve("file" + f + (f % 2 == 0 ? ".bin" : ".c")), b);
      }
      Files.writeString(dir.resolve("sub/README"), "package " + d + "\n");
      Files.createSymbolicLink(dir.resolve("link"), Path.of("../pkg0/file1.c"));
    }
    FuseCell.sh(root, "chmod 755 pkg3/file3.c && touch -d '2010-01-01 12:00:00.5' pkg1/file1.c").ok();
    return root;
  }

  private static Path dir(String name) throws Exception {
    return Files.createDirectory(mount.mountPoint().resolve(name));
  }

  @Test
  void tarExtractsAnIdenticalTree() throws Exception {
    Path d = dir("tar");
    FuseCell.sh(tree.getParent(), "tar cf ../src.tar src").ok();
    FuseCell.sh(d, "tar xf " + temp.resolve("src.tar")).ok();
    FuseCell.sh(d, "diff -r " + tree + " src").ok();
    FuseCell.sh(d, "tar cf - src | tar tf - | wc -l").ok();
  }

  @Test
  void coreutilsCopyMoveLinkRemoveFindDu() throws Exception {
    Path d = dir("coreutils");
    FuseCell.sh(d, "cp -a " + tree + " copy").ok();
    FuseCell.sh(d, "diff -r " + tree + " copy").ok();
    // cp -a keeps modes, times (to the nanosecond) and symlinks; directory sizes legitimately differ
    String listing = "find . \\( -type d -printf '%P d %m %T@\\n' \\) -o -printf '%P %y %m %s %T@ %l\\n' | sort";
    assertEquals(FuseCell.sh(tree, listing).ok().out(), FuseCell.sh(d.resolve("copy"), listing).ok().out());
    FuseCell.sh(d, "mv copy moved && mv moved/pkg1 moved/pkg1-renamed && ln moved/pkg2/file1.c hard && ln -s moved/pkg2 soft").ok();
    assertEquals("2", FuseCell.sh(d, "stat -c %h hard").ok().out().trim());
    assertEquals("25", FuseCell.sh(d, "find moved/pkg1-renamed -maxdepth 1 -type f | wc -l").ok().out().trim());
    assertEquals("12", FuseCell.sh(d, "find -L soft/.. -maxdepth 1 -name 'pkg*' | wc -l").ok().out().trim());
    long du = Long.parseLong(FuseCell.sh(d, "du -sk moved | cut -f1").ok().out().trim());
    long local = Long.parseLong(FuseCell.sh(tree, "du -sk --apparent-size . | cut -f1").ok().out().trim());
    assertTrue(du >= local * 9 / 10 && du <= local * 2 + 100, "du " + du + " KiB for " + local + " KiB of data");
    FuseCell.sh(d, "rm -r moved soft hard").ok();
    assertEquals("", FuseCell.sh(d, "ls -A").ok().out());
  }

  @Test
  void gitInitCommitFsck() throws Exception {
    FuseCell.assumeProgram("git");
    Path d = dir("git");
    FuseCell.sh(d, "cp -r " + tree + " repo").ok();
    String git = "git -c user.name=dfs -c user.email=dfs@example.org -c init.defaultBranch=main ";
    FuseCell.sh(d.resolve("repo"), git + "init -q && " + git + "add -A && " + git + "commit -qm first").ok();
    FuseCell.sh(d.resolve("repo"), "echo change >> pkg0/file1.c && git mv pkg5 pkg5-moved && rm pkg6/file2.bin && "
        + git + "commit -qam second && " + git + "gc -q && " + git + "fsck --full --strict").ok();
    assertEquals("2", FuseCell.sh(d.resolve("repo"), "git rev-list --count HEAD").ok().out().trim());
    assertEquals("", FuseCell.sh(d.resolve("repo"), "git status --porcelain").ok().out());
    FuseCell.sh(d, "git clone -q repo clone && diff -r -x .git repo clone").ok();
  }

  @Test
  void gccCompilesLinksAndRuns() throws Exception {
    FuseCell.assumeProgram("gcc");
    Path d = dir("gcc");
    Files.writeString(d.resolve("util.h"), "int triple(int x);\nextern const char *greeting;\n");
    Files.writeString(d.resolve("util.c"), "#include \"util.h\"\nconst char *greeting = \"hello from dfs\";\n"
        + "int triple(int x) { return 3 * x; }\n");
    Files.writeString(d.resolve("main.c"), "#include <stdio.h>\n#include \"util.h\"\n"
        + "int main(void) { printf(\"%s %d\\n\", greeting, triple(14)); return 0; }\n");
    FuseCell.sh(d, "gcc -O2 -Wall -c util.c && gcc -O2 -Wall -c main.c && gcc -o prog main.o util.o "
        + "&& ar rcs libutil.a util.o && gcc -o prog2 main.c -L. -lutil").ok();
    assertEquals("hello from dfs 42", FuseCell.sh(d, "./prog").ok().out().trim());
    assertEquals("hello from dfs 42", FuseCell.sh(d, "./prog2").ok().out().trim());
    assertTrue(FuseCell.sh(d, "stat -c %A prog").ok().out().startsWith("-rwx"));
  }

  @Test
  void sqliteTransactionsAndIntegrity() throws Exception {
    FuseCell.assumeProgram("sqlite3");
    Path d = dir("sqlite");
    StringBuilder sql = new StringBuilder("create table t(id integer primary key, name text, payload blob);\nbegin;\n");
    for (int i = 1; i <= 1000; i++) {
      sql.append("insert into t(name, payload) values('row ").append(i).append("', randomblob(").append(i % 700)
          .append("));\n");
    }
    sql.append("commit;\ncreate index t_name on t(name);\ndelete from t where id % 10 = 0;\nvacuum;\n");
    Files.writeString(temp.resolve("load.sql"), sql);
    FuseCell.sh(d, "sqlite3 db.sqlite < " + temp.resolve("load.sql")).ok();
    assertEquals("900\nok", FuseCell.sh(d, "sqlite3 db.sqlite 'select count(*) from t; pragma integrity_check;'")
        .ok().out().trim());
    assertFalse(FuseCell.sh(d, "ls").ok().out().contains("-journal"), "the rollback journal is gone after commit");
  }
}
