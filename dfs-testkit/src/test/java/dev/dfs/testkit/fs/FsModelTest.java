package dev.dfs.testkit.fs;

import static dev.dfs.testkit.fs.Errno.EBUSY;
import static dev.dfs.testkit.fs.Errno.EEXIST;
import static dev.dfs.testkit.fs.Errno.EINVAL;
import static dev.dfs.testkit.fs.Errno.EISDIR;
import static dev.dfs.testkit.fs.Errno.ELOOP;
import static dev.dfs.testkit.fs.Errno.ENOENT;
import static dev.dfs.testkit.fs.Errno.ENOTDIR;
import static dev.dfs.testkit.fs.Errno.ENOTEMPTY;
import static dev.dfs.testkit.fs.Errno.EPERM;
import static dev.dfs.testkit.fs.Errno.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Examples of POSIX rules. Each step runs on the model and on the real file system, and both
 * must give the stated result, so every example also checks the model against Linux.
 */
class FsModelTest {
  @TempDir
  Path dir;

  private ModelTarget model;
  private NioTarget real;

  @BeforeEach
  void setUp() throws IOException {
    Files.setPosixFilePermissions(dir, NioTarget.permissions(0755));
    model = new ModelTarget();
    real = new NioTarget(dir);
  }

  /** Applies {@code op} to both and checks both give {@code expected}. */
  private void expect(Object expected, FsOp op) {
    Result<?> want = expected instanceof Errno e ? Result.of(e) : Result.ok(expected);
    assertEquals(want, op.apply(model), () -> "model: " + op);
    assertEquals(want, op.apply(real), () -> "real: " + op);
  }

  private void sameTree() {
    assertEquals(model.snapshot(), real.snapshot());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void directories() {
    expect(OK, new FsOp.Mkdir("/a", 0750));
    expect(EEXIST, new FsOp.Mkdir("/a", 0750));
    expect(ENOENT, new FsOp.Mkdir("/x/y", 0755));
    expect(OK, new FsOp.Mkdir("/a/b", 0700));
    expect(new Stat(Stat.Type.DIRECTORY, 0, 3, 0750), new FsOp.Lstat("/a"));
    expect(List.of("b"), new FsOp.ListDir("/a"));
    expect(ENOTEMPTY, new FsOp.Rmdir("/a"));
    expect(EISDIR, new FsOp.Unlink("/a"));
    expect(EEXIST, new FsOp.Mkdir("/", 0755));
    expect(EBUSY, new FsOp.Rmdir("/"));
    expect(OK, new FsOp.Rmdir("/a/b"));
    expect(OK, new FsOp.Rmdir("/a"));
    expect(ENOENT, new FsOp.Rmdir("/a"));
    sameTree();
  }

  @Test
  void filesWithHolesAndTruncation() {
    expect(ENOENT, new FsOp.Write("/f", 0, bytes("x")));
    expect(OK, new FsOp.Create("/f", 0640, true));
    expect(EEXIST, new FsOp.Create("/f", 0640, true));
    expect(OK, new FsOp.Create("/f", 0600, false));
    expect(OK, new FsOp.Write("/f", 3, bytes("ab")));
    expect(new byte[] {0, 0, 0, 'a', 'b'}, new FsOp.Read("/f"));
    expect(OK, new FsOp.Truncate("/f", 2));
    expect(OK, new FsOp.Truncate("/f", 4));
    expect(new byte[4], new FsOp.Read("/f"));
    expect(new Stat(Stat.Type.REGULAR, 4, 1, 0640), new FsOp.Lstat("/f"));
    expect(ENOTDIR, new FsOp.Create("/f/g", 0644, false));
    expect(ENOTDIR, new FsOp.Rmdir("/f"));
    expect(ENOTDIR, new FsOp.ListDir("/f"));
    expect(EISDIR, new FsOp.Create("/", 0644, false));
    expect(EISDIR, new FsOp.Read("/"));
    expect(EISDIR, new FsOp.Write("/", 0, bytes("x")));
    expect(EINVAL, new FsOp.Write("/f", -1, bytes("x")));
    expect(EINVAL, new FsOp.Truncate("/f", -1));
    expect(OK, new FsOp.Unlink("/f"));
    sameTree();
  }

  @Test
  void renameRules() {
    expect(OK, new FsOp.Mkdir("/d", 0755));
    expect(OK, new FsOp.Mkdir("/d/e", 0755));
    expect(OK, new FsOp.Mkdir("/empty", 0755));
    expect(OK, new FsOp.Create("/f", 0644, true));
    expect(OK, new FsOp.Create("/g", 0644, true));
    expect(ENOENT, new FsOp.Rename("/nope", "/x"));
    expect(ENOENT, new FsOp.Rename("/f", "/nope/x"));
    expect(OK, new FsOp.Rename("/f", "/f"));
    expect(EISDIR, new FsOp.Rename("/f", "/empty"));
    expect(ENOTDIR, new FsOp.Rename("/empty", "/g"));
    expect(ENOTEMPTY, new FsOp.Rename("/empty", "/d"));
    expect(EINVAL, new FsOp.Rename("/d", "/d/e/x"));
    expect(EINVAL, new FsOp.Rename("/d", "/d/x"));
    expect(ENOTEMPTY, new FsOp.Rename("/d/e", "/d"));
    expect(ENOTDIR, new FsOp.Rename("/f", "/g/x"));
    expect(EBUSY, new FsOp.Rename("/", "/x"));
    expect(ENOENT, new FsOp.Rename("/", "/x/y"));
    expect(EBUSY, new FsOp.Rename("/d", "/"));
    expect(OK, new FsOp.Rename("/f", "/g"));
    expect(OK, new FsOp.Rename("/d/e", "/empty"));
    expect(OK, new FsOp.Rename("/empty", "/d/moved"));
    expect(List.of("moved"), new FsOp.ListDir("/d"));
    sameTree();
  }

  @Test
  void hardLinks() {
    expect(OK, new FsOp.Create("/f", 0644, true));
    expect(OK, new FsOp.Mkdir("/d", 0755));
    expect(OK, new FsOp.Link("/f", "/h"));
    expect(EEXIST, new FsOp.Link("/f", "/h"));
    expect(ENOENT, new FsOp.Link("/nope", "/x"));
    expect(EPERM, new FsOp.Link("/d", "/x"));
    expect(EEXIST, new FsOp.Link("/d", "/f"));
    expect(OK, new FsOp.Write("/h", 0, bytes("shared")));
    expect(bytes("shared"), new FsOp.Read("/f"));
    expect(new Stat(Stat.Type.REGULAR, 6, 2, 0644), new FsOp.Lstat("/f"));
    expect(OK, new FsOp.Rename("/f", "/h"));
    expect(List.of("d", "f", "h"), new FsOp.ListDir("/"));
    expect(OK, new FsOp.Unlink("/f"));
    expect(new Stat(Stat.Type.REGULAR, 6, 1, 0644), new FsOp.Lstat("/h"));
    sameTree();
    FsModel m = model.model();
    assertEquals(m.inode("/h"), m.link("/h", "/k").model().inode("/k"));
  }

  @Test
  void symbolicLinks() {
    expect(OK, new FsOp.Mkdir("/d", 0755));
    expect(OK, new FsOp.Symlink("/d", "/abs"));
    expect(OK, new FsOp.Symlink("d", "/rel"));
    expect(OK, new FsOp.Symlink("/d/new", "/dangling"));
    expect(OK, new FsOp.Symlink("/loop", "/loop"));
    expect(EEXIST, new FsOp.Symlink("x", "/abs"));
    expect("/d", new FsOp.Readlink("/abs"));
    expect(EINVAL, new FsOp.Readlink("/d"));
    expect(new Stat(Stat.Type.SYMLINK, 2, 1, 0777), new FsOp.Lstat("/abs"));
    expect(OK, new FsOp.Create("/abs/f", 0644, true));
    expect(List.of("f"), new FsOp.ListDir("/rel"));
    expect(ENOENT, new FsOp.Read("/dangling"));
    expect(EEXIST, new FsOp.Create("/dangling", 0644, true));
    expect(OK, new FsOp.Create("/dangling", 0644, false));
    expect(List.of("f", "new"), new FsOp.ListDir("/d"));
    expect(ELOOP, new FsOp.Read("/loop"));
    expect(ELOOP, new FsOp.Create("/loop/x", 0644, false));
    expect(EEXIST, new FsOp.Mkdir("/dangling", 0755));
    expect(OK, new FsOp.Link("/abs", "/abs2"));
    expect(new Stat(Stat.Type.SYMLINK, 2, 2, 0777), new FsOp.Lstat("/abs"));
    expect(ENOTDIR, new FsOp.Rmdir("/abs"));
    expect(OK, new FsOp.Unlink("/abs"));
    expect(OK, new FsOp.Symlink(".", "/dot"));
    expect(List.of("abs2", "d", "dangling", "dot", "loop", "rel"), new FsOp.ListDir("/dot/dot"));
    expect(EISDIR, new FsOp.Create("/dot", 0644, false));
    sameTree();
  }

  @Test
  void fortyLinksResolveButFortyOneAreALoop() {
    expect(OK, new FsOp.Create("/f", 0644, true));
    expect(OK, new FsOp.Symlink("/f", "/l0"));
    for (int i = 1; i <= 40; i++) {
      expect(OK, new FsOp.Symlink("/l" + (i - 1), "/l" + i));
    }
    expect(new byte[0], new FsOp.Read("/l39"));
    expect(ELOOP, new FsOp.Read("/l40"));
  }

  @Test
  void chmod() {
    expect(OK, new FsOp.Create("/f", 0644, true));
    expect(OK, new FsOp.Symlink("f", "/l"));
    expect(OK, new FsOp.Chmod("/l", 0700));
    expect(new Stat(Stat.Type.REGULAR, 0, 1, 0700), new FsOp.Lstat("/f"));
    expect(ENOENT, new FsOp.Chmod("/nope", 0700));
  }

  @Test
  void versionsCountChangesPerInode() {
    FsModel m = FsModel.empty();
    long root = m.version("/").value();
    m = m.create("/f", 0644, true).model();
    assertEquals(root + 1, m.version("/").value());
    assertEquals(1, m.version("/f").value());
    m = m.write("/f", 0, bytes("x")).model();
    m = m.truncate("/f", 0).model();
    m = m.chmod("/f", 0600).model();
    assertEquals(4, m.version("/f").value());
    FsModel before = m;
    FsModel.Change failed = m.mkdir("/f", 0755);
    assertSame(before, failed.model());
    assertEquals(EEXIST, failed.errno());
    m = m.link("/f", "/g").model();
    assertEquals(5, m.version("/g").value());
    assertEquals(ENOENT, m.version("/nope").errno());
  }

  @Test
  void modelIsImmutable() {
    FsModel empty = FsModel.empty();
    FsModel one = empty.mkdir("/a", 0755).model();
    assertEquals(List.of("/"), empty.paths());
    assertEquals(List.of("/", "/a"), one.paths());
    FsModel withData = one.create("/a/f", 0644, true).model().write("/a/f", 0, bytes("abc")).model();
    byte[] read = withData.read("/a/f").value();
    read[0] = 'X';
    assertEquals(Result.ok(bytes("abc")), withData.read("/a/f"));
    assertNotEquals(empty.toString(), one.toString());
  }

  @Test
  void rejectsPathsThatAreNotNormalisedAndAbsolute() {
    FsModel m = FsModel.empty();
    for (String bad : List.of("a", "", "/a/", "/a//b")) {
      assertThrows(IllegalArgumentException.class, () -> m.stat(bad), bad);
    }
    assertEquals(Errno.ENAMETOOLONG, m.mkdir("/" + "n".repeat(256), 0755).errno());
    assertEquals(OK, m.mkdir("/" + "n".repeat(255), 0755).errno());
  }

  @Test
  void dotAndDotDotResolve() {
    FsModel m = FsModel.empty().mkdir("/a", 0755).model().mkdir("/a/b", 0755).model();
    assertEquals(m.inode("/a"), m.inode("/a/b/.."));
    assertEquals(m.inode("/"), m.inode("/.."));
    assertEquals(EINVAL, m.rmdir("/a/.").errno());
    assertEquals(ENOTEMPTY, m.rmdir("/a/b/..").errno());
    assertEquals(EEXIST, m.mkdir("/a/.", 0755).errno());
    assertEquals(EBUSY, m.rename("/a/b/..", "/c").errno());
  }
}
