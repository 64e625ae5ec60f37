package dev.dfs.testkit.property;

import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * Run settings read from system properties: {@code dfs.seed} (a number, or {@code random}),
 * {@code dfs.tries} (the default number of tries) and {@code dfs.tries.multiplier} (for a soak
 * run: multiplies every property's tries, including explicit ones).
 */
final class Settings {
  static final String SEED = "dfs.seed";
  static final String TRIES = "dfs.tries";
  static final String MULTIPLIER = "dfs.tries.multiplier";
  /** The seed when none is given: fixed, so that CI runs are deterministic. */
  static final long DEFAULT_SEED = 0x5eed_df5L;
  static final int DEFAULT_TRIES = 100;

  private final UnaryOperator<String> properties;

  Settings(UnaryOperator<String> properties) {
    this.properties = properties;
  }

  static Settings system() {
    return new Settings(System::getProperty);
  }

  /** The explicit seed if given, else dfs.seed, else the default. */
  long seed(Long explicit) {
    if (explicit != null) {
      return explicit;
    }
    String s = properties.apply(SEED);
    if (s == null || s.isBlank()) {
      return DEFAULT_SEED;
    }
    if (s.trim().equalsIgnoreCase("random")) {
      return new SplittableRandom().nextLong();
    }
    try {
      return Long.decode(s.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + SEED + " must be a number or 'random': " + s, e);
    }
  }

  /** The explicit tries if given, else dfs.tries, else the default; times dfs.tries.multiplier. */
  int tries(Integer explicit) {
    int base = explicit != null ? explicit : positive(TRIES, DEFAULT_TRIES);
    long total = (long) base * positive(MULTIPLIER, 1);
    return (int) Math.min(Integer.MAX_VALUE, total);
  }

  private int positive(String name, int dflt) {
    String s = properties.apply(name);
    if (s == null || s.isBlank()) {
      return dflt;
    }
    try {
      int v = Integer.parseInt(s.trim());
      if (v < 1) {
        throw new IllegalArgumentException("-D" + name + " must be positive: " + s);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + name + " must be a positive integer: " + s, e);
    }
  }
}
