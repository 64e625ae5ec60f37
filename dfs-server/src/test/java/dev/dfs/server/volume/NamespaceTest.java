package dev.dfs.server.volume;

import static dev.dfs.server.volume.Fixture.ALICE;
import static dev.dfs.server.volume.Fixture.BOB;
import static dev.dfs.server.volume.Fixture.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.protocol.Attr;
import dev.dfs.protocol.Fid;
import dev.dfs.protocol.FileType;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import dev.dfs.protocol.SetAttr;
import dev.dfs.protocol.Status;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamespaceTest {
  @TempDir Path tmp;
  Fixture f;
  Fid root;

  @BeforeEach
  void setUp() {
    f = new Fixture(tmp);
    root = f.root();
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void rootDirectoryIsWorldWritableAndSticky() {
    Attr a = f.attr(root);
    assertEquals(FileType.DIRECTORY, a.type());
    assertEquals(01777, a.mode());
    assertEquals(2, a.nlink());
    assertEquals(1, f.fs.epoch());
  }

  @Test
  void createThenLookupWithAttributesAndVersionBump() {
    long before = f.attr(root).dataVersion();
    Outcome o = f.fs.execute(ALICE, null, new Request.Create(root, "a.txt", 0640, true));
    Reply.Entry e = (Reply.Entry) o.reply();
    Attr a = e.child();
    assertEquals(FileType.FILE, a.type());
    assertEquals(0640, a.mode());
    assertEquals(1000, a.uid());
    assertEquals(1000, a.gid());
    assertEquals(1, a.nlink());
    assertEquals(0, a.size());
    long nanos = f.clock.now.getEpochSecond() * 1_000_000_000L;
    assertEquals(nanos, a.mtimeNanos());
    assertEquals(nanos, a.ctimeNanos());
    assertTrue(e.dir().dataVersion() > before);
    assertEquals(Set.of(root, a.fid()), o.changed());
    assertEquals(a, f.lookup(root, "a.txt"));
    assertEquals(root, f.lookup(root, ".").fid());
  }

  @Test
  void createErrors() {
    Attr a = f.create(root, "x");
    fails(Status.EEXIST, () -> f.create(root, "x"));
    // Non-exclusive create of an existing file returns it unchanged.
    Outcome o = f.fs.execute(Fixture.ROOT, null, new Request.Create(root, "x", 0600, false));
    assertEquals(a, ((Reply.Entry) o.reply()).child());
    assertTrue(o.changed().isEmpty());
    f.mkdir(root, "d");
    fails(Status.EISDIR, () -> f.run(new Request.Create(root, "d", 0644, false)));
    fails(Status.EINVAL, () -> f.create(root, "a/b"));
    fails(Status.EINVAL, () -> f.create(root, ""));
    fails(Status.EINVAL, () -> f.create(root, ".."));
    fails(Status.ENAMETOOLONG, () -> f.create(root, "n".repeat(256)));
    fails(Status.ENOTDIR, () -> f.create(a.fid(), "y"));
    fails(Status.ESTALE, () -> f.create(new Fid(root.volume(), root.vnode(), root.uniquifier() + 99), "y"));
    fails(Status.ESTALE, () -> f.create(new Fid(999, 1, 1), "y"));
  }

  @Test
  void lookupSpecialNamesAndErrors() {
    Attr d = f.mkdir(root, "d");
    assertEquals(d.fid(), f.lookup(d.fid(), ".").fid());
    assertEquals(root, f.lookup(d.fid(), "..").fid());
    assertEquals(root, f.lookup(root, "..").fid());
    fails(Status.ENOENT, () -> f.lookup(root, "missing"));
    Attr file = f.create(root, "file");
    fails(Status.ENOTDIR, () -> f.lookup(file.fid(), "x"));
  }

  @Test
  void mkdirCountsLinksAndRmdirUndoes() {
    Attr d = f.mkdir(root, "d");
    assertEquals(2, d.nlink());
    assertEquals(3, f.attr(root).nlink());
    f.mkdir(d.fid(), "sub");
    assertEquals(3, f.attr(d.fid()).nlink());
    fails(Status.EEXIST, () -> f.mkdir(root, "d"));
    fails(Status.ENOTEMPTY, () -> f.run(new Request.Rmdir(root, "d")));
    f.create(root, "file");
    fails(Status.ENOTDIR, () -> f.run(new Request.Rmdir(root, "file")));
    fails(Status.ENOENT, () -> f.run(new Request.Rmdir(root, "nope")));
    Reply.Entry e = (Reply.Entry) f.run(new Request.Rmdir(d.fid(), "sub"));
    assertNull(e.child());
    assertEquals(2, e.dir().nlink());
    f.run(new Request.Rmdir(root, "d"));
    assertEquals(2, f.attr(root).nlink());
    fails(Status.ESTALE, () -> f.attr(d.fid()));
  }

  @Test
  void removeDeletesAndLeavesStaleFid() {
    Attr a = f.create(root, "a");
    f.write(a.fid(), 0, "hello".getBytes());
    Outcome o = f.fs.execute(Fixture.ROOT, null, new Request.Remove(root, "a"));
    assertNull(((Reply.Entry) o.reply()).child());
    assertEquals(Set.of(root, a.fid()), o.changed());
    fails(Status.ESTALE, () -> f.attr(a.fid()));
    fails(Status.ESTALE, () -> f.fetch(a.fid(), 0, 10));
    fails(Status.ENOENT, () -> f.run(new Request.Remove(root, "a")));
    f.mkdir(root, "d");
    fails(Status.EISDIR, () -> f.run(new Request.Remove(root, "d")));
    // A new file never gets the old FID.
    Attr b = f.create(root, "a");
    assertTrue(!b.fid().equals(a.fid()));
  }

  @Test
  void symlinks() {
    Reply.Entry e = (Reply.Entry) f.run(new Request.Symlink(root, "ln", "../target/path"));
    Attr s = e.child();
    assertEquals(FileType.SYMLINK, s.type());
    assertEquals(14, s.size());
    assertEquals("../target/path", ((Reply.LinkTarget) f.run(new Request.Readlink(s.fid()))).target());
    fails(Status.EEXIST, () -> f.run(new Request.Symlink(root, "ln", "x")));
    fails(Status.EINVAL, () -> f.run(new Request.Symlink(root, "ln2", "")));
    Attr file = f.create(root, "file");
    fails(Status.EINVAL, () -> f.run(new Request.Readlink(file.fid())));
    fails(Status.EINVAL, () -> f.fetch(s.fid(), 0, 10));
  }

  @Test
  void hardLinksCountAndSurviveOneRemove() {
    Attr a = f.create(root, "a");
    f.write(a.fid(), 0, "data".getBytes());
    Attr d = f.mkdir(root, "d");
    Reply.Entry e = (Reply.Entry) f.run(new Request.Link(a.fid(), d.fid(), "b"));
    assertEquals(2, e.child().nlink());
    assertEquals(a.fid(), f.lookup(d.fid(), "b").fid());
    fails(Status.EEXIST, () -> f.run(new Request.Link(a.fid(), d.fid(), "b")));
    fails(Status.EPERM, () -> f.run(new Request.Link(d.fid(), root, "dirlink")));
    Reply.Entry r = (Reply.Entry) f.run(new Request.Remove(root, "a"));
    assertEquals(1, r.child().nlink());
    assertEquals("data", new String(f.fetch(a.fid(), 0, 100)));
    f.run(new Request.Remove(d.fid(), "b"));
    fails(Status.ESTALE, () -> f.attr(a.fid()));
  }

  @Test
  void renameMovesAndReplaces() {
    Attr a = f.create(root, "a");
    Attr b = f.create(root, "b");
    Attr d = f.mkdir(root, "d");
    Outcome o = f.fs.execute(Fixture.ROOT, null, new Request.Rename(root, "a", d.fid(), "a2"));
    Reply.Renamed rn = (Reply.Renamed) o.reply();
    assertEquals(a.fid(), rn.moved().fid());
    assertEquals(a.fid(), f.lookup(d.fid(), "a2").fid());
    fails(Status.ENOENT, () -> f.lookup(root, "a"));
    assertTrue(o.changed().containsAll(Set.of(root, d.fid(), a.fid())));
    // file over file: the replaced file is gone
    o = f.fs.execute(Fixture.ROOT, null, new Request.Rename(d.fid(), "a2", root, "b"));
    assertTrue(o.changed().contains(b.fid()));
    assertEquals(a.fid(), f.lookup(root, "b").fid());
    fails(Status.ESTALE, () -> f.attr(b.fid()));
    fails(Status.ENOENT, () -> f.run(new Request.Rename(root, "nope", root, "x")));
  }

  @Test
  void renameDirectories() {
    Attr x = f.mkdir(root, "x");
    Attr y = f.mkdir(root, "y");
    Attr sub = f.mkdir(x.fid(), "sub");
    Attr file = f.create(root, "file");
    fails(Status.EINVAL, () -> f.run(new Request.Rename(root, "x", sub.fid(), "x")));
    fails(Status.EINVAL, () -> f.run(new Request.Rename(root, "x", x.fid(), "self")));
    fails(Status.ENOTDIR, () -> f.run(new Request.Rename(root, "x", root, "file")));
    fails(Status.EISDIR, () -> f.run(new Request.Rename(root, "file", root, "x")));
    f.mkdir(y.fid(), "full");
    fails(Status.ENOTEMPTY, () -> f.run(new Request.Rename(root, "x", root, "y")));
    f.run(new Request.Rmdir(y.fid(), "full"));
    // dir over empty dir; nlink of the parents follows the move
    f.run(new Request.Rename(root, "x", root, "y"));
    fails(Status.ESTALE, () -> f.attr(y.fid()));
    assertEquals(x.fid(), f.lookup(root, "y").fid());
    assertEquals(3, f.attr(root).nlink());
    Attr z = f.mkdir(root, "z");
    f.run(new Request.Rename(x.fid(), "sub", z.fid(), "sub"));
    assertEquals(2, f.attr(x.fid()).nlink());
    assertEquals(3, f.attr(z.fid()).nlink());
    assertEquals(z.fid(), f.lookup(sub.fid(), "..").fid());
    assertEquals(file.fid(), f.lookup(root, "file").fid());
  }

  @Test
  void renameOntoAnotherNameOfTheSameFileIsANoOp() {
    Attr a = f.create(root, "a");
    f.run(new Request.Link(a.fid(), root, "b"));
    long v = f.attr(root).dataVersion();
    Outcome o = f.fs.execute(Fixture.ROOT, null, new Request.Rename(root, "a", root, "b"));
    assertTrue(o.changed().isEmpty());
    assertEquals(a.fid(), f.lookup(root, "a").fid());
    assertEquals(a.fid(), f.lookup(root, "b").fid());
    assertEquals(2, f.attr(a.fid()).nlink());
    assertEquals(v, f.attr(root).dataVersion());
  }

  @Test
  void readDirListsEntriesWithoutDots() {
    Attr d = f.mkdir(root, "d");
    Attr a = f.create(d.fid(), "a");
    f.mkdir(d.fid(), "s");
    Reply.DirPage p = (Reply.DirPage) f.run(new Request.ReadDir(d.fid(), 0, 100));
    assertTrue(p.eof());
    assertEquals(2, p.entries().size());
    assertEquals("a", p.entries().get(0).name());
    assertEquals(a.fid(), p.entries().get(0).fid());
    assertEquals(FileType.DIRECTORY, p.entries().get(1).type());
    fails(Status.ENOTDIR, () -> f.run(new Request.ReadDir(a.fid(), 0, 10)));
    fails(Status.EINVAL, () -> f.run(new Request.ReadDir(d.fid(), -1, 10)));
    // max is clamped: 0 still yields one entry
    Reply.DirPage one = (Reply.DirPage) f.run(new Request.ReadDir(d.fid(), 0, 0));
    assertEquals(1, one.entries().size());
    assertTrue(!one.eof());
  }

  @Test
  void permissions() {
    Attr home = f.mkdir(Fixture.ROOT, root, "alice", 0755);
    f.run(new Request.SetAttrs(home.fid(), SetAttr.owner(1000, 1000)));
    Attr priv = f.mkdir(ALICE, home.fid(), "priv", 0700);
    Attr file = f.create(ALICE, home.fid(), "f");
    f.run(ALICE, new Request.Write(file.fid(), 0, "secret".getBytes()));
    fails(Status.EACCES, () -> f.create(BOB, home.fid(), "x"));
    fails(Status.EACCES, () -> f.run(BOB, new Request.Lookup(priv.fid(), "x")));
    fails(Status.EACCES, () -> f.run(BOB, new Request.ReadDir(priv.fid(), 0, 10)));
    fails(Status.EACCES, () -> f.run(BOB, new Request.Write(file.fid(), 0, "x".getBytes())));
    fails(Status.EACCES, () -> f.run(BOB, new Request.StoreBegin(file.fid(), -1)));
    fails(Status.EACCES, () -> f.run(BOB, new Request.SetAttrs(file.fid(), SetAttr.size(0))));
    fails(Status.EACCES, () -> f.run(BOB, new Request.Remove(home.fid(), "f")));
    fails(Status.EPERM, () -> f.run(BOB, new Request.SetAttrs(file.fid(), SetAttr.mode(0777))));
    fails(Status.EPERM, () -> f.run(ALICE, new Request.SetAttrs(file.fid(), SetAttr.owner(1001, 1001))));
    fails(Status.EPERM, () -> f.run(BOB, new Request.SetAttrs(file.fid(), SetAttr.times(5L, 5L))));
    fails(Status.EACCES, () -> f.run(BOB, new Request.SetAttrs(file.fid(), SetAttr.times(SetAttr.NOW, SetAttr.NOW))));
    // readable by others (0644) but not after chmod 0600
    assertEquals("secret", new String(((Reply.Data) f.run(BOB, new Request.Fetch(file.fid(), 0, 10))).data()));
    f.run(ALICE, new Request.SetAttrs(file.fid(), SetAttr.mode(0600)));
    fails(Status.EACCES, () -> f.run(BOB, new Request.Fetch(file.fid(), 0, 10)));
    // root bypasses
    assertEquals("secret", new String(f.fetch(file.fid(), 0, 10)));
    // sticky root directory: Bob may not remove Alice's file there
    f.create(ALICE, root, "alices");
    fails(Status.EPERM, () -> f.run(BOB, new Request.Remove(root, "alices")));
    fails(Status.EPERM, () -> f.run(BOB, new Request.Rename(root, "alices", root, "bobs")));
    f.run(ALICE, new Request.Remove(root, "alices"));
  }

  @Test
  void setAttrsChangesModeOwnerTimesAndBumpsVersion() {
    Attr a = f.create(ALICE, root, "a");
    f.clock.advanceSeconds(10);
    Attr b = ((Reply.Attrs) f.run(ALICE, new Request.SetAttrs(a.fid(), SetAttr.mode(0600)))).attr();
    assertEquals(0600, b.mode());
    assertTrue(b.dataVersion() > a.dataVersion());
    assertTrue(b.ctimeNanos() > a.ctimeNanos());
    assertEquals(a.mtimeNanos(), b.mtimeNanos());
    Attr c = ((Reply.Attrs) f.run(ALICE, new Request.SetAttrs(a.fid(), SetAttr.times(7L, 9L)))).attr();
    assertEquals(7L, c.atimeNanos());
    assertEquals(9L, c.mtimeNanos());
    Attr d = ((Reply.Attrs) f.run(new Request.SetAttrs(a.fid(), SetAttr.owner(42, 43)))).attr();
    assertEquals(42, d.uid());
    assertEquals(43, d.gid());
    Attr e = ((Reply.Attrs) f.run(new Request.SetAttrs(a.fid(), SetAttr.times(SetAttr.NOW, null)))).attr();
    assertEquals(f.clock.now.getEpochSecond() * 1_000_000_000L, e.atimeNanos());
  }

  @Test
  void unsupportedRequestIsRejected() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> f.fs.execute(Fixture.ROOT, null, new Request.Ping()));
  }
}
