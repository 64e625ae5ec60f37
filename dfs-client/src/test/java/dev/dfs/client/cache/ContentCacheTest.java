package dev.dfs.client.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.protocol.Fid;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentCacheTest {
  static final int CHUNK = Container.CHUNK;
  @TempDir Path dir;
  final AtomicLong clock = new AtomicLong();

  static Fid fid(int n) {
    return new Fid(1, n, 1);
  }

  static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    new java.util.Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void evictionDropsTheLeastRecentlyUsedButNeverAnOpenOrDirtyFile() {
    try (ContentCache cache = new ContentCache(dir, 3L * CHUNK, clock::incrementAndGet)) {
      Container open = cache.acquire(fid(1), 1, CHUNK);
      open.fill(0, bytes(CHUNK, 1));
      Container dirty = cache.acquire(fid(2), 1, CHUNK);
      dirty.fill(0, bytes(CHUNK, 2));
      dirty.write(ByteBuffer.wrap(new byte[] {1}), 0);
      cache.release(dirty);
      for (int i = 3; i < 10; i++) {
        Container c = cache.acquire(fid(i), 1, CHUNK);
        c.fill(0, bytes(CHUNK, i));
        cache.release(c);
      }
      assertTrue(cache.usedBytes() <= 3L * CHUNK, "bounded: " + cache.usedBytes());
      assertTrue(cache.find(fid(1), 1).isPresent(), "the open file stayed");
      assertTrue(cache.find(fid(2), 1).isPresent(), "the dirty file stayed");
      assertTrue(cache.find(fid(9), 1).isPresent(), "the most recent one stayed");
      assertFalse(cache.find(fid(3), 1).isPresent(), "the oldest clean one went");
    }
  }

  @Test
  void theIndexSurvivesARestartAndPartialFilesKeepTheirChunkMap() {
    byte[] first = bytes(CHUNK, 7);
    try (ContentCache cache = new ContentCache(dir, 1L << 30, clock::incrementAndGet)) {
      Container c = cache.acquire(fid(1), 42, 3L * CHUNK);
      c.fill(0, first);
      cache.release(c);
    }
    try (ContentCache cache = new ContentCache(dir, 1L << 30, clock::incrementAndGet)) {
      Container c = cache.find(fid(1), 42).orElseThrow();
      assertTrue(c.has(0));
      assertFalse(c.has(1), "only chunk 0 was ever fetched");
      ByteBuffer b = ByteBuffer.allocate(CHUNK);
      c.read(b, 0);
      assertArrayEquals(first, b.array());
      assertFalse(cache.find(fid(1), 41).isPresent(), "another version is another entry");
      cache.release(c);
    }
  }

  @Test
  void aCacheThatWasNotClosedCleanlyIsNotTrusted() throws java.io.IOException {
    try (ContentCache before = new ContentCache(dir, 1L << 30, clock::incrementAndGet)) {
      Container c = before.acquire(fid(1), 42, CHUNK);
      c.fill(0, bytes(CHUNK, 1));
      before.release(c);
    }
    // A process that died never wrote the clean-shutdown mark: the files are there, the mark is not.
    assertTrue(java.nio.file.Files.deleteIfExists(dir.resolve("clean-shutdown")));
    try (ContentCache cache = new ContentCache(dir, 1L << 30, clock::incrementAndGet)) {
      assertFalse(cache.find(fid(1), 42).isPresent(), "unsynced content is not served after a crash");
    }
  }

  @Test
  void acknowledgedWritesKeepChunksKnownOnlyWhereTheyAreKnown() {
    try (ContentCache cache = new ContentCache(dir, 1L << 30, clock::incrementAndGet)) {
      Container c = cache.acquire(fid(1), 1, 2L * CHUNK);
      c.applyWrite(ByteBuffer.wrap(new byte[10]), 5);
      assertFalse(c.has(0), "a partial write into an unknown chunk leaves it unknown");
      c.applyWrite(ByteBuffer.wrap(new byte[CHUNK]), CHUNK);
      assertTrue(c.has(1), "a chunk wholly overwritten is known");
      c.applyWrite(ByteBuffer.wrap(new byte[] {9}), 5L * CHUNK + 3);
      assertTrue(c.has(3) && c.has(4) && c.has(5), "a hole past the end is known to be zeros");
      assertEquals(5L * CHUNK + 4, c.size());
      cache.release(c);
    }
  }
}
