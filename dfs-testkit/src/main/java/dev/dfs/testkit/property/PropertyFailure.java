package dev.dfs.testkit.property;

/**
 * Thrown when a property or state machine fails: carries the seed, the try, and the original
 * and shrunk counterexamples (for a state machine, the lists of actions). Its cause is the
 * failure of the original counterexample; the failure of the shrunk one is suppressed.
 */
public final class PropertyFailure extends AssertionError {
  private static final long serialVersionUID = 1L;

  private final long seed;
  private final int tryNumber;
  private final transient Object original;
  private final transient Object shrunk;
  private final int shrinkSteps;

  PropertyFailure(String message, Throwable cause, long seed, int tryNumber, Object original, Object shrunk,
      int shrinkSteps) {
    super(message, cause);
    this.seed = seed;
    this.tryNumber = tryNumber;
    this.original = original;
    this.shrunk = shrunk;
    this.shrinkSteps = shrinkSteps;
  }

  /** The seed of the run; {@code -Ddfs.seed=<seed>} repeats it. */
  public long seed() {
    return seed;
  }

  /** The try that failed, counting from 1. */
  public int tryNumber() {
    return tryNumber;
  }

  /** The first counterexample found. */
  public Object original() {
    return original;
  }

  /** The counterexample after shrinking. */
  public Object shrunk() {
    return shrunk;
  }

  /** How many times shrinking found a simpler counterexample. */
  public int shrinkSteps() {
    return shrinkSteps;
  }

  static String reproduce(long seed) {
    return "Reproduce with -D" + Settings.SEED + "=" + seed;
  }
}
