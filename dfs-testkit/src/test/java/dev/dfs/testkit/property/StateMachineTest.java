package dev.dfs.testkit.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StateMachineTest {

  /** A counter with optional planted bugs; dec below zero is refused, as a real system would. */
  static final class Counter implements AutoCloseable {
    final boolean bugOnFourthInc;
    final boolean bugOnDecFromTwo;
    final boolean liesFromThree;
    int value;
    int increments;
    boolean closed;

    Counter(boolean bugOnFourthInc, boolean bugOnDecFromTwo, boolean liesFromThree) {
      this.bugOnFourthInc = bugOnFourthInc;
      this.bugOnDecFromTwo = bugOnDecFromTwo;
      this.liesFromThree = liesFromThree;
    }

    int inc() {
      increments++;
      value += bugOnFourthInc && increments == 4 ? 2 : 1;
      return value;
    }

    int dec() {
      if (value == 0) {
        throw new IllegalStateException("underflow");
      }
      value -= bugOnDecFromTwo && value == 2 ? 2 : 1;
      return value;
    }

    void reset() {
      value = 0;
    }

    int get() {
      return liesFromThree && value >= 3 ? -1 : value;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  record Inc() implements Action<Integer, Counter> {
    @Override
    public Integer run(Integer model, Counter c) {
      assertEquals(model + 1, c.inc(), "inc");
      return model + 1;
    }
  }

  record Dec() implements Action<Integer, Counter> {
    @Override
    public boolean precondition(Integer model) {
      return model > 0;
    }

    @Override
    public Integer run(Integer model, Counter c) {
      assertEquals(model - 1, c.dec(), "dec");
      return model - 1;
    }
  }

  record Reset() implements Action<Integer, Counter> {
    @Override
    public Integer run(Integer model, Counter c) {
      c.reset();
      return 0;
    }
  }

  static final Gen<Action<Integer, Counter>> ACTIONS = Gen.frequency(
      Gen.weight(3, Gen.constant(new Inc())), Gen.weight(2, Gen.constant(new Dec())),
      Gen.weight(1, Gen.constant(new Reset())));

  private static StateMachine<Integer, Counter> machine(boolean fourthInc, boolean decFromTwo, boolean lies) {
    return StateMachine.of(() -> 0, () -> new Counter(fourthInc, decFromTwo, lies), m -> ACTIONS)
        .invariant((m, c) -> assertEquals(m, c.get(), "get"));
  }

  @Test
  void aCorrectCounterPasses() {
    AtomicInteger systems = new AtomicInteger();
    StateMachine.of(() -> 0, () -> {
      systems.incrementAndGet();
      return new Counter(false, false, false);
    }, m -> ACTIONS).tries(40).check();
    assertEquals(40, systems.get());
  }

  @Test
  void shrinksToFourIncrements() {
    PropertyFailure f = assertThrows(PropertyFailure.class, () -> machine(true, false, false).check());
    assertEquals("[Inc[], Inc[], Inc[], Inc[]]", f.shrunk().toString());
    assertTrue(((List<?>) f.original()).size() >= 4);
    String m = f.getMessage();
    assertTrue(m.contains("-Ddfs.seed=" + f.seed()), m);
    assertTrue(m.contains("  4. Inc[]"), m);
    assertTrue(m.contains("failure at step 4"), m);
  }

  @Test
  void shrinkingKeepsPreconditionsValid() {
    // Deleting the increments before a Dec would make the system refuse it (underflow): a shrinker
    // that ignored preconditions would report [Dec[]].
    PropertyFailure f = assertThrows(PropertyFailure.class, () -> machine(false, true, false).check());
    assertEquals("[Inc[], Inc[], Dec[]]", f.shrunk().toString());
  }

  @Test
  void invariantsAreCheckedAfterEveryAction() {
    PropertyFailure f = assertThrows(PropertyFailure.class, () -> machine(false, false, true).seed(3).check());
    assertEquals("[Inc[], Inc[], Inc[]]", f.shrunk().toString());
    assertEquals(3, f.seed());
    assertTrue(f.getMessage().contains("get"));
  }

  @Test
  void namedActionsPrintTheirNames() {
    Action<Integer, Counter> inc = Action.named("inc", (m, c) -> {
      c.inc();
      return m + 1;
    });
    Action<Integer, Counter> boom = Action.named("boom", m -> m >= 2, (m, c) -> {
      throw new IllegalStateException("boom at " + m);
    });
    PropertyFailure f = assertThrows(PropertyFailure.class,
        () -> StateMachine.of(() -> 0, () -> new Counter(false, false, false), m -> Gen.elements(inc, boom))
            .check());
    assertEquals("[inc, inc, boom]", f.shrunk().toString());
  }

  @Test
  void reportsANonReproducibleFailure() {
    AtomicInteger created = new AtomicInteger();
    PropertyFailure f = assertThrows(PropertyFailure.class, () -> StateMachine.of(() -> 0,
        () -> new Counter(created.incrementAndGet() == 60, false, false), m -> Gen.constant(new Inc()))
        .maxSteps(10).check());
    assertTrue(f.getMessage().contains("NOT SHRUNK"), f.getMessage());
  }
}
