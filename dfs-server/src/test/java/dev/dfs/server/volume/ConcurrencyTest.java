package dev.dfs.server.volume;

import static dev.dfs.server.volume.Fixture.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dfs.protocol.Attr;
import dev.dfs.protocol.Fid;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {
  @TempDir Path tmp;

  @Test
  void parallelWritersReadersAndCreators() throws Exception {
    try (Fixture f = new Fixture(tmp)) {
      Fid root = f.root();
      Attr shared = f.create(root, "shared");
      int threads = 8;
      int writes = 20;
      int piece = 64 * 1024 + 3; // pieces straddle chunk boundaries
      ExecutorService pool = Executors.newFixedThreadPool(threads + 2);
      try {
        List<Future<?>> jobs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int id = t;
          jobs.add(pool.submit(() -> {
            Fid own = ((Reply.Entry) f.fs.execute(Caller.ROOT, new RequestKey("w" + id, 0),
                new Request.Create(root, "own-" + id, 0644, true)).reply()).child().fid();
            for (int i = 0; i < writes; i++) {
              long off = ((long) i * threads + id) * piece;
              f.fs.execute(Caller.ROOT, new RequestKey("w" + id, i + 1),
                  new Request.Write(shared.fid(), off, pattern(piece, (int) (off / piece))));
              f.fs.execute(Caller.ROOT, null, new Request.Write(own, (long) i * piece, pattern(piece, i)));
            }
            return null;
          }));
        }
        // readers run alongside and must never fail (chunks are not deleted under them)
        for (int r = 0; r < 2; r++) {
          jobs.add(pool.submit(() -> {
            for (int i = 0; i < 200; i++) {
              f.fs.execute(Caller.ROOT, null, new Request.Fetch(shared.fid(), (long) i * 37_000, 1 << 20));
            }
            return null;
          }));
        }
        for (Future<?> j : jobs) {
          j.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      byte[] all = f.readAll(shared.fid());
      assertEquals((long) threads * writes * piece, all.length);
      for (int k = 0; k < threads * writes; k++) {
        byte[] want = pattern(piece, k);
        byte[] got = java.util.Arrays.copyOfRange(all, k * piece, (k + 1) * piece);
        assertArrayEquals(want, got, "piece " + k);
      }
      for (int t = 0; t < threads; t++) {
        Fid own = f.lookup(root, "own-" + t).fid();
        assertEquals((long) writes * piece, f.attr(own).size());
      }
      // every write bumped the version once: create + threads*writes
      assertEquals(1 + threads * writes, f.attr(shared.fid()).dataVersion());
    }
  }
}
