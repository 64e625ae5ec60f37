package dev.dfs.server.volume;

import static dev.dfs.server.volume.Fixture.fails;
import static dev.dfs.server.volume.Fixture.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.protocol.Attr;
import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Fid;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import dev.dfs.protocol.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceTest {
  @TempDir Path tmp;

  @Test
  void everythingSurvivesReopenAndEpochGrows() {
    try (Fixture f = new Fixture(tmp)) {
      Fid root = f.root();
      assertEquals(1, f.fs.epoch());
      Attr d = f.mkdir(root, "d");
      Attr a = f.create(d.fid(), "a");
      byte[] data = pattern(3 * (1 << 20) + 17, 11);
      for (int off = 0; off < data.length; off += 1 << 20) {
        f.write(a.fid(), off, java.util.Arrays.copyOfRange(data, off, Math.min(data.length, off + (1 << 20))));
      }
      Attr gone = f.create(root, "gone");
      f.run(new Request.Remove(root, "gone"));
      Attr before = f.attr(a.fid());

      f.reopen();
      assertEquals(2, f.fs.epoch());
      assertEquals(root, f.root());
      assertEquals(before, f.attr(a.fid()));
      assertEquals(a.fid(), f.lookup(d.fid(), "a").fid());
      assertArrayEquals(data, f.readAll(a.fid()));
      fails(Status.ESTALE, () -> f.attr(gone.fid()));
      // new objects never reuse a FID, even after restart
      Attr fresh = f.create(root, "gone");
      assertFalse(fresh.fid().equals(gone.fid()));
      f.reopen();
      assertEquals(3, f.fs.epoch());
      fails(Status.ESTALE, () -> f.attr(gone.fid()));
    }
  }

  @Test
  void duplicateRequestIsAppliedOnceAndAnsweredAgainAfterRestart() {
    try (Fixture f = new Fixture(tmp)) {
      Fid root = f.root();
      RequestKey key = new RequestKey("client-1", 42);
      Request create = new Request.Create(root, "once", 0644, true);
      Outcome first = f.fs.execute(Fixture.ROOT, key, create);
      assertFalse(first.changed().isEmpty());
      Outcome again = f.fs.execute(Fixture.ROOT, key, create);
      assertEquals(first.reply(), again.reply());
      assertTrue(again.changed().isEmpty());

      Attr file = ((Reply.Entry) first.reply()).child();
      RequestKey wkey = new RequestKey("client-1", 43);
      Request write = new Request.Write(file.fid(), 0, "abc".getBytes());
      Attr w = ((Reply.Attrs) f.fs.execute(Fixture.ROOT, wkey, write).reply()).attr();
      RequestKey rkey = new RequestKey("client-1", 44);
      Request remove = new Request.Remove(root, "once");
      Reply removed = f.fs.execute(Fixture.ROOT, rkey, remove).reply();

      f.reopen();
      // a retried create, write and remove are answered, not re-executed (no EEXIST/ESTALE/ENOENT)
      assertEquals(first.reply(), f.fs.execute(Fixture.ROOT, key, create).reply());
      assertEquals(w, ((Reply.Attrs) f.fs.execute(Fixture.ROOT, wkey, write).reply()).attr());
      assertEquals(removed, f.fs.execute(Fixture.ROOT, rkey, remove).reply());
      fails(Status.ENOENT, () -> f.lookup(root, "once"));
      // the same id for a different request is a new request
      Outcome other = f.fs.execute(Fixture.ROOT, key, new Request.Mkdir(root, "dir", 0755));
      assertFalse(other.changed().isEmpty());
      // another client with the same request id is independent
      fails(Status.ENOENT, () -> f.fs.execute(Fixture.ROOT, new RequestKey("client-2", 44), remove));
      // errors are not cached: no state change happened
      fails(Status.ENOENT, () -> f.fs.execute(Fixture.ROOT, new RequestKey("client-2", 45), remove));
    }
  }

  @Test
  void duplicateRequestCacheIsBoundedPerClient() {
    try (Fixture f = new Fixture(tmp, false)) {
      Fid root = f.root();
      int n = Drc.PER_CLIENT + 50;
      for (int i = 0; i < n; i++) {
        f.fs.execute(Fixture.ROOT, new RequestKey("c", i), new Request.Mkdir(root, "d" + i, 0755));
      }
      try (MetaTxn t = f.fs.db().read()) {
        assertEquals(Drc.PER_CLIENT, t.db().drc.stat(t.raw()).entries);
      }
      // the newest are still answered from the cache, the oldest were evicted and run again
      f.fs.execute(Fixture.ROOT, new RequestKey("c", n - 1), new Request.Mkdir(root, "d" + (n - 1), 0755));
      fails(Status.EEXIST, () -> f.fs.execute(Fixture.ROOT, new RequestKey("c", 0), new Request.Mkdir(root, "d0", 0755)));
    }
  }

  @Test
  void duplicateRequestEntriesExpireAtStartup() {
    try (Fixture f = new Fixture(tmp, false)) {
      RequestKey key = new RequestKey("old", 1);
      Request mk = new Request.Mkdir(f.root(), "x", 0755);
      f.fs.execute(Fixture.ROOT, key, mk);
      f.clock.advanceSeconds(2 * 24 * 3600);
      f.reopen();
      fails(Status.EEXIST, () -> f.fs.execute(Fixture.ROOT, key, mk));
    }
  }

  @Test
  void recoveryDeletesOrphanChunks() throws IOException {
    Attr a;
    byte[] data = pattern(100_000, 3);
    try (Fixture f = new Fixture(tmp)) {
      a = f.create(f.root(), "keep");
      f.write(a.fid(), 0, data);
      // A store that was never committed leaves staged chunks behind when the server dies.
      long id = ((Reply.StoreOpened) f.run(new Request.StoreBegin(a.fid(), -1))).storeId();
      f.run(new Request.StoreData(id, 0, pattern(5000, 4)));
    }
    // Simulate the debris of a crash: chunks written but never committed, and a stray temp file.
    Path content = tmp.resolve("content");
    Files.write(content.resolve("ab").resolve("00000000000000ab"), new byte[4096]);
    Files.write(content.resolve("07").resolve("7777777777777707"), new byte[10]);
    Files.write(content.resolve("07").resolve("tmp-partial"), new byte[10]);
    try (Fixture f = new Fixture(tmp)) {
      assertFalse(Files.exists(content.resolve("ab").resolve("00000000000000ab")));
      assertFalse(Files.exists(content.resolve("07").resolve("7777777777777707")));
      assertFalse(Files.exists(content.resolve("07").resolve("tmp-partial")));
      long chunks;
      try (var s = Files.walk(content)) {
        chunks = s.filter(Files::isRegularFile).count();
      }
      assertEquals(1, chunks, "only the referenced chunk remains");
      assertArrayEquals(data, f.readAll(a.fid()));
    }
  }

  @Test
  void unreadableMetadataFailsWithThePath() throws IOException {
    Path meta = tmp.resolve("meta");
    Files.createDirectories(meta);
    Files.write(meta.resolve("data.mdb"), pattern(64 * 1024, 9));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> FileService.open(new StoreConfig(tmp, "x:1", Clock.systemUTC(), 1L << 24)));
    assertTrue(e.getMessage().contains(meta.toAbsolutePath().toString()), e.getMessage());
  }

  @Test
  void fullMetadataStoreAnswersEnospcWithoutHalfAppliedChanges() {
    StoreConfig small = new StoreConfig(tmp, "x:1", Clock.systemUTC(), 1L << 20);
    try (FileService fs = FileService.open(small, false)) {
      Fid root = fs.root();
      int created = 0;
      DfsException full = null;
      for (int i = 0; i < 100_000 && full == null; i++) {
        try {
          fs.execute(Caller.ROOT, new RequestKey("c", i),
              new Request.Create(root, "file-with-a-longish-name-" + i, 0644, true));
          created++;
        } catch (DfsException e) {
          full = e;
        }
      }
      assertTrue(full != null, "the 1 MiB map never filled");
      assertEquals(Status.ENOSPC, full.status());
      String failed = "file-with-a-longish-name-" + created;
      fails(Status.ENOENT, () -> fs.execute(Caller.ROOT, null, new Request.Lookup(root, failed)));
      // still serving, and the directory holds exactly the acknowledged entries
      int listed = 0;
      long cookie = 0;
      for (boolean eof = false; !eof; ) {
        Reply.DirPage p = (Reply.DirPage) fs.execute(Caller.ROOT, null, new Request.ReadDir(root, cookie, 4096)).reply();
        listed += p.entries().size();
        cookie = p.nextCookie();
        eof = p.eof();
      }
      assertEquals(created, listed);
      // removing frees space again
      fs.execute(Caller.ROOT, null, new Request.Remove(root, "file-with-a-longish-name-0"));
    }
  }

  @Test
  void closeIsIdempotentAndRejectsLaterRequests() {
    Fixture f = new Fixture(tmp);
    f.close();
    f.close();
    fails(Status.EIO, () -> f.fs.execute(Fixture.ROOT, null, new Request.GetAttr(f.fs.root())));
  }
}
