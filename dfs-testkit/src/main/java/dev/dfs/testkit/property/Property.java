package dev.dfs.testkit.property;

import java.util.Iterator;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.opentest4j.TestAbortedException;

/**
 * A property checked on random values:
 *
 * <pre>{@code
 * Property.forAll(Gen.lists(Gen.ints(), 0, 50))
 *     .check(list -> assertEquals(list, reverse(reverse(list))));
 * }</pre>
 *
 * <p>Runs {@code tries} tries (default 100, or {@code -Ddfs.tries}; times
 * {@code -Ddfs.tries.multiplier}) with sizes growing from 0 to {@code maxSize}. The seed is the
 * one set with {@link #seed}, else {@code -Ddfs.seed}, else a fixed default, so that runs are
 * deterministic. A try fails when the check throws anything; a JUnit assumption that does not
 * hold discards the try. The first failure is shrunk greedily and reported as a
 * {@link PropertyFailure} that names the seed to reproduce it. Instances are immutable.
 *
 * @param <T> the type of the generated values
 */
public final class Property<T> {
  static final int DEFAULT_MAX_SIZE = 100;
  static final int DEFAULT_MAX_SHRINKS = 2000;

  private final Gen<T> gen;
  private final Integer tries;
  private final Long seed;
  private final int maxSize;
  private final int maxShrinks;
  private final Settings settings;

  private Property(Gen<T> gen, Integer tries, Long seed, int maxSize, int maxShrinks, Settings settings) {
    this.gen = gen;
    this.tries = tries;
    this.seed = seed;
    this.maxSize = maxSize;
    this.maxShrinks = maxShrinks;
    this.settings = settings;
  }

  /** A property over the values of {@code gen}. */
  public static <T> Property<T> forAll(Gen<T> gen) {
    return new Property<>(Objects.requireNonNull(gen, "gen"), null, null, DEFAULT_MAX_SIZE, DEFAULT_MAX_SHRINKS,
        Settings.system());
  }

  /** Runs {@code n} tries instead of the default (still multiplied by dfs.tries.multiplier). */
  public Property<T> tries(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("tries must be positive: " + n);
    }
    return new Property<>(gen, n, seed, maxSize, maxShrinks, settings);
  }

  /** Fixes the seed, overriding {@code -Ddfs.seed}. */
  public Property<T> seed(long s) {
    return new Property<>(gen, tries, s, maxSize, maxShrinks, settings);
  }

  /** The size of the last try (default 100). */
  public Property<T> maxSize(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("maxSize must not be negative: " + n);
    }
    return new Property<>(gen, tries, seed, n, maxShrinks, settings);
  }

  /** At most this many shrink candidates are tried (default 2000). */
  public Property<T> maxShrinks(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("maxShrinks must not be negative: " + n);
    }
    return new Property<>(gen, tries, seed, maxSize, n, settings);
  }

  /** For tests of the harness: reads settings from {@code properties} instead of the system. */
  Property<T> settings(Settings s) {
    return new Property<>(gen, tries, seed, maxSize, maxShrinks, s);
  }

  /** Checks {@code property} on every try; throws {@link PropertyFailure} on the first failure. */
  public void check(ThrowingConsumer<? super T> property) {
    Objects.requireNonNull(property, "property");
    long s = settings.seed(seed);
    int n = settings.tries(tries);
    SplittableRandom master = new SplittableRandom(s);
    int discarded = 0;
    for (int i = 0; i < n; i++) {
      int size = sizeOf(i, n, maxSize);
      T value = gen.generate(master.split(), size);
      Throwable failure = evaluate(property, value);
      if (failure instanceof TestAbortedException) {
        if (++discarded > 10 * n) {
          throw new AssertionError("more than " + 10 * n + " tries discarded by assumptions (seed " + s + ")");
        }
        i--;
      } else if (failure != null) {
        throw shrunkFailure(property, value, failure, s, i + 1, n, size);
      }
    }
  }

  private PropertyFailure shrunkFailure(ThrowingConsumer<? super T> property, T original, Throwable originalFailure,
      long s, int tryNumber, int n, int size) {
    T current = original;
    Throwable currentFailure = originalFailure;
    int steps = 0;
    int tried = 0;
    boolean progress = true;
    while (progress && tried < maxShrinks) {
      progress = false;
      for (Iterator<T> it = gen.shrink(current).iterator(); it.hasNext() && tried < maxShrinks; ) {
        T candidate = it.next();
        tried++;
        Throwable f = evaluate(property, candidate);
        if (f != null && !(f instanceof TestAbortedException)) {
          current = candidate;
          currentFailure = f;
          steps++;
          progress = true;
          break;
        }
      }
    }
    String message = "Property failed on try " + tryNumber + " of " + n + " (size " + size + "), seed " + s + "\n"
        + "  original: " + Show.show(original) + "\n"
        + "  shrunk:   " + Show.show(current) + "  (" + steps + " shrink steps, " + tried + " candidates tried)\n"
        + "  failure:  " + currentFailure + "\n"
        + PropertyFailure.reproduce(s);
    PropertyFailure pf = new PropertyFailure(message, originalFailure, s, tryNumber, original, current, steps);
    if (currentFailure != originalFailure) {
      pf.addSuppressed(currentFailure);
    }
    return pf;
  }

  private static <T> Throwable evaluate(ThrowingConsumer<? super T> property, T value) {
    try {
      property.accept(value);
      return null;
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable t) {
      return t;
    }
  }

  /** The size of try {@code i} (from 0) of {@code n}: growing linearly from 0 to maxSize. */
  static int sizeOf(int i, int n, int maxSize) {
    return n <= 1 ? maxSize : (int) ((long) i * maxSize / (n - 1));
  }
}
