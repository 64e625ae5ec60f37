package dev.dfs.conformance;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.dfs.client.Consistency;
import dev.dfs.client.DfsFile;
import dev.dfs.client.OpenFlag;
import dev.dfs.server.fault.Mutation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * One-copy semantics under real concurrency: several clients read and write two files at once,
 * every operation's invocation and completion are recorded, and each file's history must be
 * linearizable. Seeds are fixed ({@code -Ddfs.seed} changes them); {@code -Psoak} runs more rounds.
 */
class OneCopyLinearizabilityTest {
  static final int CLIENTS = 3;
  static final int OPS_PER_CLIENT = 25;
  static final List<String> FILES = List.of("/x", "/y");

  static int rounds() {
    return 4 * Integer.getInteger("dfs.tries.multiplier", 1);
  }

  /** Runs one round; returns null if every file's history was linearizable, else why not. */
  static String round(long seed, Mutation mutation) throws InterruptedException {
    try (Cell cell = new Cell(Consistency.ONE_COPY, CLIENTS, mutation)) {
      FILES.forEach(f -> Cell.create(cell.client(0), f, "init"));
      List<List<Linearizability.Op>> histories = new ArrayList<>();
      FILES.forEach(f -> histories.add(Collections.synchronizedList(new ArrayList<>())));
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        Random random = new Random(seed * 31 + c);
        threads.add(new Thread(() -> {
          try {
            start.await();
            List<DfsFile> handles = new ArrayList<>();
            for (String f : FILES) {
              handles.add(cell.client(client).open(f, Set.of(OpenFlag.READ, OpenFlag.WRITE), 0));
            }
            for (int i = 0; i < OPS_PER_CLIENT; i++) {
              int file = random.nextInt(FILES.size());
              boolean write = random.nextInt(3) == 0;
              String value = write ? "c" + client + "-" + i : null;
              long t0 = System.nanoTime();
              if (write) {
                // Same length every time: one write replaces the whole content atomically.
                handles.get(file).write(java.nio.ByteBuffer.wrap(String.format("%-8s", value).getBytes()), 0);
              } else {
                value = Cell.read(handles.get(file));
              }
              long t1 = System.nanoTime();
              histories.get(file).add(new Linearizability.Op(client, write, value.trim(), t0, t1));
            }
            handles.forEach(DfsFile::close);
          } catch (Throwable t) {
            errors.add(t);
          }
        }));
      }
      threads.forEach(Thread::start);
      start.countDown();
      for (Thread t : threads) {
        t.join(60_000);
      }
      if (!errors.isEmpty()) {
        throw new AssertionError("a client failed", errors.get(0));
      }
      for (int f = 0; f < FILES.size(); f++) {
        String why = Linearizability.check(histories.get(f), "init");
        if (why != null) {
          return FILES.get(f) + " (seed " + seed + "): " + why;
        }
      }
      return null;
    }
  }

  @Test
  void everyFilesHistoryIsLinearizable() throws InterruptedException {
    long base = Long.getLong("dfs.seed", 7L);
    for (int r = 0; r < rounds(); r++) {
      assertNull(round(base + r, Mutation.NONE), "reproduce with -Ddfs.seed=" + (base + r));
    }
  }

  @Test
  void theCheckerCatchesAServerThatDoesNotBreakCallbacks() throws InterruptedException {
    String found = null;
    for (int r = 0; r < 5 && found == null; r++) {
      found = round(100 + r, Mutation.NO_CALLBACK_BREAKS);
    }
    assertNotNull(found, "stale cached reads went unnoticed");
  }
}
