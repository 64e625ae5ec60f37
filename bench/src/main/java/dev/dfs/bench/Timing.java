package dev.dfs.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The two ways the benchmarks measure: {@link #repeat} times each of a fixed number of
 * operations; {@link #rate} counts how many operations some threads complete in a fixed time.
 * Both warm up first and leave the warm-up out of the figures.
 */
final class Timing {
  private Timing() {}

  /** One repeated operation; {@code i} counts from 0 separately for warm-up and measured runs. */
  @FunctionalInterface
  interface Op {
    void run(int i, boolean warmup) throws Exception;
  }

  /** The work of one thread in {@link #rate}: set up by the factory, untimed, and closed after. */
  interface Worker extends AutoCloseable {
    void op() throws Exception;

    @Override
    default void close() throws IOException {}
  }

  /**
   * Runs {@code op} {@code warmups} times untimed, then {@code reps} times timed one by one.
   * {@code after} (may be null) runs untimed after every run, e.g. to flush what the operation
   * left dirty so that it does not slow the next one.
   */
  static Samples repeat(int warmups, int reps, Op op, Op after) throws Exception {
    return repeat(warmups, reps, null, op, after);
  }

  /**
   * As {@link #repeat(int, int, Op, Op)}, with {@code before} (may be null) run untimed before
   * every run, e.g. to set up a fresh client or drop a cache.
   */
  static Samples repeat(int warmups, int reps, Op before, Op op, Op after) throws Exception {
    for (int i = 0; i < warmups; i++) {
      if (before != null) {
        before.run(i, true);
      }
      op.run(i, true);
      if (after != null) {
        after.run(i, true);
      }
    }
    long[] nanos = new long[reps];
    long cpu = 0;
    for (int i = 0; i < reps; i++) {
      if (before != null) {
        before.run(i, false);
      }
      long c0 = Cpu.processNanos();
      long t0 = System.nanoTime();
      op.run(i, false);
      nanos[i] = System.nanoTime() - t0;
      cpu = c0 < 0 || cpu < 0 ? -1 : cpu + Cpu.processNanos() - c0;
      if (after != null) {
        after.run(i, false);
      }
    }
    return new Samples(nanos, cpu);
  }

  /** Slots of the per-thread counters are this many longs apart: no false sharing. */
  private static final int STRIDE = 16;

  /**
   * What {@link #rate} measured: operations per second in each window, and the process CPU time
   * per operation over all windows (NaN if unknown).
   */
  record Rate(double[] perWindow, double cpuMicrosPerOp) {
    double median() {
      double[] s = perWindow.clone();
      java.util.Arrays.sort(s);
      return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    double min() {
      return java.util.Arrays.stream(perWindow).min().orElse(Double.NaN);
    }

    double max() {
      return java.util.Arrays.stream(perWindow).max().orElse(Double.NaN);
    }
  }

  /**
   * Operations per second that {@code threads} threads complete together, each running its own
   * {@link Worker} in a loop: counted in {@code windows} consecutive windows of {@code window}
   * each, after {@code warmup}. Several windows show how steady the rate is.
   */
  static Rate rate(int threads, Duration warmup, Duration window, int windows, Callable<? extends Worker> factory)
      throws Exception {
    List<Worker> workers = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        workers.add(factory.call());
      }
      AtomicLongArray counts = new AtomicLongArray(threads * STRIDE);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      CyclicBarrier start = new CyclicBarrier(threads + 1);
      List<Thread> running = new ArrayList<>();
      AtomicBoolean stop = new AtomicBoolean();
      for (int t = 0; t < threads; t++) {
        Worker w = workers.get(t);
        int slot = t * STRIDE;
        Thread th = new Thread(() -> {
          try {
            start.await();
            long n = 0;
            while (true) {
              for (int k = 0; k < 16; k++) {
                w.op();
              }
              n += 16;
              counts.lazySet(slot, n);
              if (stop.get()) {
                return;
              }
            }
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        }, "bench-worker-" + t);
        th.setDaemon(true);
        running.add(th);
        th.start();
      }
      start.await();
      Thread.sleep(warmup.toMillis());
      double[] rates = new double[windows];
      long cpu0 = Cpu.processNanos();
      long first = sum(counts, threads);
      long c0 = first;
      long t0 = System.nanoTime();
      for (int k = 0; k < windows && failure.get() == null; k++) {
        Thread.sleep(window.toMillis());
        long c1 = sum(counts, threads);
        long t1 = System.nanoTime();
        rates[k] = (c1 - c0) / ((t1 - t0) / 1e9);
        c0 = c1;
        t0 = t1;
      }
      long cpu1 = Cpu.processNanos();
      stop.set(true);
      for (Thread th : running) {
        th.join(60_000);
      }
      if (failure.get() != null) {
        throw new IllegalStateException("a benchmark thread failed", failure.get());
      }
      long ops = c0 - first;
      double cpuPerOp = cpu0 < 0 || ops == 0 ? Double.NaN : (cpu1 - cpu0) / 1e3 / ops;
      return new Rate(rates, cpuPerOp);
    } finally {
      for (Worker w : workers) {
        w.close();
      }
    }
  }

  private static long sum(AtomicLongArray counts, int threads) {
    long s = 0;
    for (int t = 0; t < threads; t++) {
      s += counts.get(t * STRIDE);
    }
    return s;
  }
}
