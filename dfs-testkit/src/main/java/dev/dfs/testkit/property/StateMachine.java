package dev.dfs.testkit.property;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A model-based (stateful) test: random sequences of {@link Action}s run on a fresh system under
 * test, each checked against a model.
 *
 * <pre>{@code
 * StateMachine.of(() -> 0, Counter::new, count -> Gen.elements(new Inc(), new Dec()))
 *     .maxSteps(30)
 *     .check();
 * }</pre>
 *
 * <p>Each try starts from a new model ({@code initialModel}) and a new system
 * ({@code newSystem}; closed afterwards if it is {@link AutoCloseable}), then generates up to
 * {@code maxSteps} actions, each from the generator for the current model state and only if its
 * precondition holds, and runs them. A failure is an exception from an action or from the
 * {@link #invariant}. The failing sequence is then shrunk by deleting actions (chunks, then
 * single ones) and replaying each candidate on a fresh model and system; candidates whose
 * preconditions no longer hold are skipped. The report names the seed and the minimal sequence.
 * Seed and tries come from the same settings as {@link Property}. Instances are immutable.
 *
 * @param <S> the model state
 * @param <T> the system under test
 */
public final class StateMachine<S, T> {
  static final int DEFAULT_MAX_STEPS = 50;
  static final int DEFAULT_MAX_SHRINKS = 1000;

  /** A check of the whole state after every action. */
  @FunctionalInterface
  public interface Invariant<S, T> {
    /** Throws if {@code system} does not agree with {@code model}. */
    void check(S model, T system) throws Exception;
  }

  private final Supplier<? extends S> initialModel;
  private final Supplier<? extends T> newSystem;
  private final Function<? super S, ? extends Gen<? extends Action<S, T>>> actions;
  private final Invariant<S, T> invariant;
  private final Integer tries;
  private final Long seed;
  private final int maxSteps;
  private final int maxShrinks;
  private final Settings settings;

  private StateMachine(Supplier<? extends S> initialModel, Supplier<? extends T> newSystem,
      Function<? super S, ? extends Gen<? extends Action<S, T>>> actions, Invariant<S, T> invariant, Integer tries,
      Long seed, int maxSteps, int maxShrinks, Settings settings) {
    this.initialModel = initialModel;
    this.newSystem = newSystem;
    this.actions = actions;
    this.invariant = invariant;
    this.tries = tries;
    this.seed = seed;
    this.maxSteps = maxSteps;
    this.maxShrinks = maxShrinks;
    this.settings = settings;
  }

  /**
   * A state machine test.
   *
   * @param initialModel a new initial model state for every run
   * @param newSystem a new system under test for every run (and every replay while shrinking)
   * @param actions the generator of actions for a model state
   */
  public static <S, T> StateMachine<S, T> of(Supplier<? extends S> initialModel, Supplier<? extends T> newSystem,
      Function<? super S, ? extends Gen<? extends Action<S, T>>> actions) {
    return new StateMachine<>(Objects.requireNonNull(initialModel, "initialModel"),
        Objects.requireNonNull(newSystem, "newSystem"), Objects.requireNonNull(actions, "actions"), null, null, null,
        DEFAULT_MAX_STEPS, DEFAULT_MAX_SHRINKS, Settings.system());
  }

  /** Adds a check run after every action (after those added before). */
  public StateMachine<S, T> invariant(Invariant<S, T> check) {
    Objects.requireNonNull(check, "check");
    Invariant<S, T> before = invariant;
    Invariant<S, T> both = before == null ? check : (m, s) -> {
      before.check(m, s);
      check.check(m, s);
    };
    return new StateMachine<>(initialModel, newSystem, actions, both, tries, seed, maxSteps, maxShrinks, settings);
  }

  /** Runs {@code n} sequences instead of the default (still multiplied by dfs.tries.multiplier). */
  public StateMachine<S, T> tries(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("tries must be positive: " + n);
    }
    return new StateMachine<>(initialModel, newSystem, actions, invariant, n, seed, maxSteps, maxShrinks, settings);
  }

  /** Fixes the seed, overriding {@code -Ddfs.seed}. */
  public StateMachine<S, T> seed(long s) {
    return new StateMachine<>(initialModel, newSystem, actions, invariant, tries, s, maxSteps, maxShrinks, settings);
  }

  /** The length of the longest sequence (default 50); lengths grow over the tries. */
  public StateMachine<S, T> maxSteps(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("maxSteps must be positive: " + n);
    }
    return new StateMachine<>(initialModel, newSystem, actions, invariant, tries, seed, n, maxShrinks, settings);
  }

  /** At most this many replays while shrinking (default 1000). */
  public StateMachine<S, T> maxShrinks(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("maxShrinks must not be negative: " + n);
    }
    return new StateMachine<>(initialModel, newSystem, actions, invariant, tries, seed, maxSteps, n, settings);
  }

  StateMachine<S, T> settings(Settings s) {
    return new StateMachine<>(initialModel, newSystem, actions, invariant, tries, seed, maxSteps, maxShrinks, s);
  }

  /** Runs the tries; throws {@link PropertyFailure} with the shrunk sequence on the first failure. */
  public void check() {
    long s = settings.seed(seed);
    int n = settings.tries(tries);
    SplittableRandom master = new SplittableRandom(s);
    for (int i = 0; i < n; i++) {
      int steps = Math.max(1, Property.sizeOf(i, n, maxSteps));
      int size = Property.sizeOf(i, n, Property.DEFAULT_MAX_SIZE);
      List<Action<S, T>> done = new ArrayList<>();
      Outcome outcome = generateAndRun(master.split(), steps, size, done);
      if (outcome.failure != null) {
        throw shrunkFailure(List.copyOf(done), outcome.failure, s, i + 1, n);
      }
    }
  }

  /** Where and how a run failed; failure null if it passed, invalid if a precondition broke. */
  private record Outcome(int failedAt, Throwable failure, boolean invalid) {
    static final Outcome PASSED = new Outcome(-1, null, false);
    static final Outcome INVALID = new Outcome(-1, null, true);
  }

  private Outcome generateAndRun(SplittableRandom random, int steps, int size, List<Action<S, T>> done) {
    T system = newSystem.get();
    Outcome outcome = Outcome.PASSED;
    try {
      S model = initialModel.get();
      for (int step = 0; step < steps; step++) {
        Gen<? extends Action<S, T>> gen = actions.apply(model);
        Action<S, T> action = null;
        for (int k = 0; k < 100 && action == null; k++) {
          Action<S, T> candidate = gen.generate(random, size);
          if (candidate.precondition(model)) {
            action = candidate;
          }
        }
        if (action == null) {
          break;
        }
        done.add(action);
        try {
          model = step(action, model, system);
        } catch (OutOfMemoryError e) {
          throw e;
        } catch (Throwable t) {
          outcome = new Outcome(step, t, false);
          break;
        }
      }
    } finally {
      outcome = close(system, outcome, done.size());
    }
    return outcome;
  }

  private Outcome replay(List<Action<S, T>> sequence) {
    T system = newSystem.get();
    Outcome outcome = Outcome.PASSED;
    try {
      S model = initialModel.get();
      for (int step = 0; step < sequence.size(); step++) {
        Action<S, T> action = sequence.get(step);
        if (!action.precondition(model)) {
          outcome = Outcome.INVALID;
          break;
        }
        try {
          model = step(action, model, system);
        } catch (OutOfMemoryError e) {
          throw e;
        } catch (Throwable t) {
          outcome = new Outcome(step, t, false);
          break;
        }
      }
    } finally {
      outcome = close(system, outcome, sequence.size());
    }
    return outcome;
  }

  private S step(Action<S, T> action, S model, T system) throws Exception {
    S next = Objects.requireNonNull(action.run(model, system), () -> action + " returned a null model");
    if (invariant != null) {
      invariant.check(next, system);
    }
    return next;
  }

  /** Closes the system; a failure to close counts as a failure of the last action. */
  private Outcome close(T system, Outcome outcome, int length) {
    if (system instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        if (outcome.failure != null) {
          outcome.failure.addSuppressed(e);
        } else if (!outcome.invalid && length > 0) {
          return new Outcome(length - 1, e, false);
        }
      }
    }
    return outcome;
  }

  private PropertyFailure shrunkFailure(List<Action<S, T>> original, Throwable originalFailure, long s, int tryNumber,
      int n) {
    List<Action<S, T>> current = original;
    Throwable currentFailure = originalFailure;
    int failedAt = original.size() - 1;
    int steps = 0;
    int replays = 1;
    Outcome again = replay(original);
    boolean reproducible = again.failure != null;
    if (reproducible) {
      current = List.copyOf(original.subList(0, again.failedAt + 1));
      currentFailure = again.failure;
      failedAt = again.failedAt;
    }
    boolean progress = reproducible;
    while (progress && replays < maxShrinks) {
      progress = false;
      for (int[] r : (Iterable<int[]>) Generators.removals(current.size(), 1)::iterator) {
        if (replays >= maxShrinks) {
          break;
        }
        List<Action<S, T>> candidate = new ArrayList<>(current.subList(0, r[0]));
        candidate.addAll(current.subList(r[1], current.size()));
        replays++;
        Outcome o = replay(candidate);
        if (o.failure != null) {
          current = List.copyOf(candidate.subList(0, o.failedAt + 1));
          currentFailure = o.failure;
          failedAt = o.failedAt;
          steps++;
          progress = true;
          break;
        }
      }
    }
    StringBuilder m = new StringBuilder();
    m.append("State machine failed on try ").append(tryNumber).append(" of ").append(n).append(", seed ").append(s)
        .append(": ").append(original.size()).append(" actions, shrunk to ").append(current.size()).append(" (")
        .append(steps).append(" shrink steps, ").append(replays).append(" replays)\n");
    if (!reproducible) {
      m.append("  NOT SHRUNK: replaying the sequence on a fresh system did not fail; the system or the actions"
          + " are not deterministic\n");
    }
    for (int i = 0; i < current.size(); i++) {
      m.append(String.format("  %3d. ", i + 1)).append(current.get(i)).append('\n');
    }
    m.append("  failure at step ").append(failedAt + 1).append(": ").append(currentFailure).append('\n');
    m.append("  original: ").append(Show.show(original)).append('\n');
    m.append(PropertyFailure.reproduce(s));
    PropertyFailure pf = new PropertyFailure(m.toString(), originalFailure, s, tryNumber, original, current, steps);
    if (currentFailure != originalFailure) {
      pf.addSuppressed(currentFailure);
    }
    return pf;
  }
}
