package dev.dfs.cli;

import java.util.function.LongConsumer;

/**
 * Progress of a long transfer on stderr, at most twice a second, and only when a person is
 * watching (a console is attached), so scripts and logs stay clean.
 */
final class Progress implements LongConsumer, AutoCloseable {
  private final String what;
  private final long total;
  private final boolean visible = System.console() != null;
  private final long start = System.nanoTime();
  private long lastPrint;
  private long done;

  Progress(String what, long total) {
    this.what = what;
    this.total = total;
  }

  @Override
  public void accept(long bytes) {
    done = bytes;
    long now = System.nanoTime();
    if (visible && now - lastPrint > 500_000_000L) {
      lastPrint = now;
      print('\r');
    }
  }

  private void print(char end) {
    double secs = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
    String of = total >= 0 ? " of " + mib(total) : "";
    System.err.printf("%s: %s%s (%.1f MiB/s)%c", what, mib(done), of, done / secs / (1 << 20), end);
    System.err.flush();
  }

  private static String mib(long bytes) {
    return String.format("%.1f MiB", bytes / (double) (1 << 20));
  }

  @Override
  public void close() {
    if (visible && lastPrint != 0) {
      print('\n');
    }
  }
}
