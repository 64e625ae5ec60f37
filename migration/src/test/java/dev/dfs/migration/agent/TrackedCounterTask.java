package dev.dfs.migration.agent;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link CounterTask} that notices two instances stepping at once (anywhere in this JVM). */
public class TrackedCounterTask implements CheckpointableTask {
  static final AtomicInteger ACTIVE = new AtomicInteger();
  static final AtomicInteger OVERLAPS = new AtomicInteger();
  static final AtomicInteger STEPS = new AtomicInteger();

  private final CounterTask counter = new CounterTask();

  static void reset() {
    ACTIVE.set(0);
    OVERLAPS.set(0);
    STEPS.set(0);
  }

  @Override
  public void init(TaskContext ctx, String[] args) throws IOException {
    counter.init(ctx, args);
  }

  @Override
  public boolean step() throws IOException {
    if (ACTIVE.incrementAndGet() > 1) {
      OVERLAPS.incrementAndGet();
    }
    try {
      STEPS.incrementAndGet();
      return counter.step();
    } finally {
      ACTIVE.decrementAndGet();
    }
  }

  @Override
  public byte[] checkpoint() throws IOException {
    return counter.checkpoint();
  }

  @Override
  public void restore(byte[] state) throws IOException {
    counter.restore(state);
  }

  @Override
  public void close() throws IOException {
    counter.close();
  }
}
