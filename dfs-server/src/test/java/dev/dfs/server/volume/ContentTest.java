package dev.dfs.server.volume;

import static dev.dfs.server.volume.Fixture.fails;
import static dev.dfs.server.volume.Fixture.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.protocol.Attr;
import dev.dfs.protocol.Fid;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import dev.dfs.protocol.SetAttr;
import dev.dfs.protocol.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentTest {
  static final int MIB = 1 << 20;
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

  long chunkFiles() throws IOException {
    try (Stream<Path> s = Files.walk(tmp.resolve("content"))) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void writeFetchAndVersionBumps() {
    Attr a = f.create(root, "a");
    Attr w1 = f.write(a.fid(), 0, "hello world".getBytes());
    assertEquals(11, w1.size());
    assertTrue(w1.dataVersion() > a.dataVersion());
    Attr w2 = f.write(a.fid(), 6, "WORLD".getBytes());
    assertTrue(w2.dataVersion() > w1.dataVersion());
    assertEquals("hello WORLD", new String(f.fetch(a.fid(), 0, 100)));
    assertEquals("WOR", new String(f.fetch(a.fid(), 6, 3)));
    assertEquals(0, f.fetch(a.fid(), 11, 10).length);
    assertEquals(0, f.fetch(a.fid(), 1000, 10).length);
    Reply.Data d = (Reply.Data) f.run(new Request.Fetch(a.fid(), 0, 5));
    assertEquals(w2, d.attr());
    // an empty write changes nothing
    assertEquals(w2, f.write(a.fid(), 100, new byte[0]));
  }

  @Test
  void writeErrors() {
    Attr a = f.create(root, "a");
    Attr d = f.mkdir(root, "d");
    fails(Status.EISDIR, () -> f.write(d.fid(), 0, new byte[1]));
    fails(Status.EISDIR, () -> f.fetch(d.fid(), 0, 1));
    fails(Status.EINVAL, () -> f.write(a.fid(), -1, new byte[1]));
    fails(Status.EINVAL, () -> f.fetch(a.fid(), -5, 1));
    fails(Status.EINVAL, () -> f.fetch(a.fid(), 0, -1));
    fails(Status.EFBIG, () -> f.write(a.fid(), 1L << 50, new byte[1]));
    fails(Status.EFBIG, () -> f.run(new Request.SetAttrs(a.fid(), SetAttr.size((1L << 50) + 1))));
    fails(Status.EISDIR, () -> f.run(new Request.SetAttrs(d.fid(), SetAttr.size(0))));
    fails(Status.ESTALE, () -> f.write(new Fid(root.volume(), 999, 1), 0, new byte[1]));
  }

  @Test
  void fetchIsClampedToOneChunk() {
    Attr a = f.create(root, "a");
    byte[] data = pattern(MIB, 1);
    f.write(a.fid(), 0, data);
    f.write(a.fid(), MIB, data);
    assertEquals(MIB, f.fetch(a.fid(), 0, Integer.MAX_VALUE).length);
  }

  @Test
  void sparseWritesReadHolesAsZeros() throws IOException {
    Attr a = f.create(root, "sparse");
    long far = 5L * MIB + 123;
    Attr w = f.write(a.fid(), far, "tail".getBytes());
    assertEquals(far + 4, w.size());
    byte[] hole = f.fetch(a.fid(), 0, MIB);
    assertArrayEquals(new byte[MIB], hole);
    byte[] around = f.fetch(a.fid(), far - 3, 10);
    assertEquals(7, around.length);
    assertArrayEquals(new byte[] {0, 0, 0, 't', 'a', 'i', 'l'}, around);
    assertEquals(1, chunkFiles(), "a hole costs no chunk");
    // A write straddling a chunk boundary touches two chunks.
    byte[] straddle = pattern(1000, 2);
    f.write(a.fid(), MIB - 500, straddle);
    assertArrayEquals(straddle, f.fetch(a.fid(), MIB - 500, 1000));
    assertEquals(3, chunkFiles());
  }

  @Test
  void rangeWriteCopiesOnlyTheChunkItTouches() throws IOException {
    Attr a = f.create(root, "big");
    byte[] data = pattern(4 * MIB, 3);
    for (int i = 0; i < 4; i++) {
      f.write(a.fid(), (long) i * MIB, Arrays.copyOfRange(data, i * MIB, (i + 1) * MIB));
    }
    assertEquals(4, chunkFiles());
    byte[] patch = pattern(4096, 4);
    f.write(a.fid(), 2L * MIB + 100, patch);
    System.arraycopy(patch, 0, data, 2 * MIB + 100, patch.length);
    assertArrayEquals(data, f.readAll(a.fid()));
    assertEquals(4, chunkFiles(), "the replaced chunk was deleted after commit");
  }

  @Test
  void truncateShrinksExtendsAndDoesNotResurrectBytes() throws IOException {
    Attr a = f.create(root, "t");
    byte[] data = pattern(3 * MIB, 5);
    for (int i = 0; i < 3; i++) {
      f.write(a.fid(), (long) i * MIB, Arrays.copyOfRange(data, i * MIB, (i + 1) * MIB));
    }
    f.clock.advanceSeconds(5);
    Attr t = ((Reply.Attrs) f.run(new Request.SetAttrs(a.fid(), SetAttr.size(MIB + 10)))).attr();
    assertEquals(MIB + 10, t.size());
    assertEquals(f.clock.now.getEpochSecond() * 1_000_000_000L, t.mtimeNanos());
    assertEquals(2, chunkFiles());
    // grow again: the cut bytes read as zeros
    f.run(new Request.SetAttrs(a.fid(), SetAttr.size(2L * MIB)));
    byte[] back = f.readAll(a.fid());
    assertArrayEquals(Arrays.copyOf(data, MIB + 10), Arrays.copyOf(back, MIB + 10));
    assertArrayEquals(new byte[MIB - 10], Arrays.copyOfRange(back, MIB + 10, 2 * MIB));
    f.run(new Request.SetAttrs(a.fid(), SetAttr.size(0)));
    assertEquals(0, chunkFiles());
    assertEquals(0, f.fetch(a.fid(), 0, 10).length);
  }

  @Test
  void fiftyMegabyteStoreInChunks() throws IOException {
    Attr a = f.create(root, "big");
    f.write(a.fid(), 0, "old content".getBytes());
    long id = ((Reply.StoreOpened) f.run(new Request.StoreBegin(a.fid(), -1))).storeId();
    int size = 50 * MIB;
    byte[] data = pattern(size, 7);
    for (int off = 0; off < size; off += MIB) {
      f.run(new Request.StoreData(id, off, Arrays.copyOfRange(data, off, off + MIB)));
    }
    // invisible until committed
    assertEquals("old content", new String(f.fetch(a.fid(), 0, 100)));
    Outcome o = f.fs.execute(Fixture.ROOT, null, new Request.StoreCommit(id, size));
    Attr c = ((Reply.Attrs) o.reply()).attr();
    assertEquals(Set.of(a.fid()), o.changed());
    assertEquals(size, c.size());
    assertArrayEquals(data, f.readAll(a.fid()));
    assertEquals(50, chunkFiles());
    fails(Status.EBADF, () -> f.run(new Request.StoreData(id, 0, new byte[1])));
    fails(Status.EBADF, () -> f.run(new Request.StoreCommit(id, 1)));
  }

  @Test
  void storeCommitCutsToSizeAndReplacesOldContent() throws IOException {
    Attr a = f.create(root, "s");
    for (int i = 0; i < 3; i++) {
      f.write(a.fid(), (long) i * MIB, pattern(MIB, 8 + i));
    }
    long id = ((Reply.StoreOpened) f.run(new Request.StoreBegin(a.fid(), -1))).storeId();
    f.run(new Request.StoreData(id, 0, "abcdefgh".getBytes()));
    f.run(new Request.StoreData(id, 2L * MIB, "beyond".getBytes()));
    Attr c = ((Reply.Attrs) f.run(new Request.StoreCommit(id, 4))).attr();
    assertEquals(4, c.size());
    assertEquals("abcd", new String(f.fetch(a.fid(), 0, 100)));
    f.run(new Request.SetAttrs(a.fid(), SetAttr.size(8)));
    assertArrayEquals(new byte[] {'a', 'b', 'c', 'd', 0, 0, 0, 0}, f.fetch(a.fid(), 0, 100));
    assertEquals(1, chunkFiles());
  }

  @Test
  void storeConflictAbortAndErrors() throws IOException {
    Attr a = f.create(root, "c");
    Attr v1 = f.write(a.fid(), 0, "v1".getBytes());
    long stale = ((Reply.StoreOpened) f.run(new Request.StoreBegin(a.fid(), v1.dataVersion()))).storeId();
    f.run(new Request.StoreData(stale, 0, "mine".getBytes()));
    f.write(a.fid(), 0, "v2".getBytes()); // someone else changes the file
    fails(Status.ECONFLICT, () -> f.run(new Request.StoreCommit(stale, 4)));
    assertEquals("v2", new String(f.fetch(a.fid(), 0, 10)));
    fails(Status.EBADF, () -> f.run(new Request.StoreCommit(stale, 4)));
    assertEquals(1, chunkFiles(), "the staged chunk of the failed store is gone");

    Attr cur = f.attr(a.fid());
    long ok = ((Reply.StoreOpened) f.run(new Request.StoreBegin(a.fid(), cur.dataVersion()))).storeId();
    f.run(new Request.StoreData(ok, 0, "v3".getBytes()));
    assertTrue(((Reply.Attrs) f.run(new Request.StoreCommit(ok, 2))).attr().dataVersion() > cur.dataVersion());
    assertEquals("v3", new String(f.fetch(a.fid(), 0, 10)));

    long aborted = ((Reply.StoreOpened) f.run(new Request.StoreBegin(a.fid(), -1))).storeId();
    f.run(new Request.StoreData(aborted, 0, "junk".getBytes()));
    assertTrue(f.run(new Request.StoreAbort(aborted)) instanceof Reply.Ok);
    assertTrue(f.run(new Request.StoreAbort(aborted)) instanceof Reply.Ok, "abort is idempotent");
    assertEquals("v3", new String(f.fetch(a.fid(), 0, 10)));
    assertEquals(1, chunkFiles());

    Attr d = f.mkdir(root, "d");
    fails(Status.EISDIR, () -> f.run(new Request.StoreBegin(d.fid(), -1)));
    fails(Status.ESTALE, () -> f.run(new Request.StoreBegin(new Fid(1, 777, 7), -1)));
    fails(Status.EBADF, () -> f.run(new Request.StoreData(424242, 0, new byte[1])));
    long other = ((Reply.StoreOpened) f.run(new Request.StoreBegin(a.fid(), -1))).storeId();
    fails(Status.EBADF, () -> f.run(Fixture.BOB, new Request.StoreData(other, 0, new byte[1])));
    fails(Status.EINVAL, () -> f.run(new Request.StoreData(other, -1, new byte[1])));
    fails(Status.EINVAL, () -> f.run(new Request.StoreCommit(other, -1)));
  }

  @Test
  void storeOntoRemovedFileIsStale() throws IOException {
    Attr a = f.create(root, "gone");
    long id = ((Reply.StoreOpened) f.run(new Request.StoreBegin(a.fid(), -1))).storeId();
    f.run(new Request.StoreData(id, 0, "x".getBytes()));
    f.run(new Request.Remove(root, "gone"));
    fails(Status.ESTALE, () -> f.run(new Request.StoreCommit(id, 1)));
    assertEquals(0, chunkFiles());
  }
}
