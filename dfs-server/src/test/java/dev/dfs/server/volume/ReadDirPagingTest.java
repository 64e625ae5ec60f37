package dev.dfs.server.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.protocol.DirEntry;
import dev.dfs.protocol.Fid;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadDirPagingTest {
  @TempDir Path tmp;

  @Test
  void pagesThroughTwentyThousandEntries() {
    // Durability is not what this test is about: skip LMDB's fsync to build the tree quickly.
    try (Fixture f = new Fixture(tmp, false)) {
      Fid dir = f.mkdir(f.root(), "big").fid();
      int n = 20_000;
      for (int i = 0; i < n; i++) {
        f.fs.execute(Fixture.ROOT, null, new Request.Create(dir, "entry-" + i, 0644, true));
      }
      Set<String> seen = new HashSet<>();
      long cookie = 0;
      int pages = 0;
      boolean eof = false;
      while (!eof) {
        Reply.DirPage p = (Reply.DirPage) f.run(new Request.ReadDir(dir, cookie, 1000));
        for (DirEntry e : p.entries()) {
          assertTrue(seen.add(e.name()), "listed twice: " + e.name());
        }
        // Removing entries already listed does not disturb the listing.
        if (pages == 3) {
          f.run(new Request.Remove(dir, "entry-0"));
        }
        cookie = p.nextCookie();
        eof = p.eof();
        pages++;
      }
      assertEquals(n, seen.size());
      assertEquals(20, pages);
      // max is clamped to 4096
      Reply.DirPage big = (Reply.DirPage) f.run(new Request.ReadDir(dir, 0, 1_000_000));
      assertEquals(4096, big.entries().size());
      // a cookie past the end is an empty last page
      Reply.DirPage end = (Reply.DirPage) f.run(new Request.ReadDir(dir, cookie, 10));
      assertTrue(end.eof() && end.entries().isEmpty());
      // an entry created after the listing appears when continuing from the last cookie
      f.fs.execute(Fixture.ROOT, null, new Request.Create(dir, "late", 0644, true));
      Reply.DirPage late = (Reply.DirPage) f.run(new Request.ReadDir(dir, cookie, 10));
      assertEquals("late", late.entries().get(0).name());
    }
  }
}
