package dev.dfs.testkit.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class PropertyTest {

  private static boolean sorted(List<Integer> l) {
    for (int i = 1; i < l.size(); i++) {
      if (l.get(i - 1) > l.get(i)) {
        return false;
      }
    }
    return true;
  }

  private static Settings props(Map<String, String> m) {
    return new Settings(m::get);
  }

  @Test
  void aTruePropertyRunsEveryTry() {
    AtomicInteger calls = new AtomicInteger();
    Property.forAll(Gen.lists(Gen.ints(), 0, 20)).tries(50).check(l -> {
      calls.incrementAndGet();
      List<Integer> r = new ArrayList<>(l);
      java.util.Collections.reverse(r);
      java.util.Collections.reverse(r);
      assertEquals(l, r);
    });
    assertEquals(50, calls.get());
  }

  @Test
  void findsUnsortedListsAndShrinksToTwoElements() {
    PropertyFailure f = assertThrows(PropertyFailure.class,
        () -> Property.forAll(Gen.lists(Gen.ints(-1000, 1000), 0, 50)).seed(1).check(l -> assertTrue(sorted(l))));
    @SuppressWarnings("unchecked")
    List<Integer> original = (List<Integer>) f.original();
    assertFalse(sorted(original));
    assertTrue(List.of(List.of(1, 0), List.of(0, -1)).contains(f.shrunk()), "shrunk to " + f.shrunk());
    assertInstanceOf(AssertionError.class, f.getCause());
  }

  @Test
  void shrinksAnIntegerToTheBoundary() {
    PropertyFailure f = assertThrows(PropertyFailure.class,
        () -> Property.forAll(Gen.ints(0, 1_000_000)).check(x -> assertTrue(x < 1000)));
    assertEquals(1000, f.shrunk());
    assertTrue(f.shrinkSteps() > 0);
  }

  @Test
  void shrinksStringsAndBytesByTruncation() {
    PropertyFailure s = assertThrows(PropertyFailure.class,
        () -> Property.forAll(Gen.asciiStrings(0, 50)).check(x -> assertFalse(x.contains("x"))));
    assertEquals("x", s.shrunk());
    PropertyFailure b = assertThrows(PropertyFailure.class,
        () -> Property.forAll(Gen.bytes(0, 100)).check(x -> assertTrue(x.length <= 10)));
    assertTrue(java.util.Arrays.equals(new byte[11], (byte[]) b.shrunk()), Show.show(b.shrunk()));
  }

  @Test
  void failureMessageNamesSeedTryAndValues() {
    PropertyFailure f = assertThrows(PropertyFailure.class,
        () -> Property.forAll(Gen.ints(0, 100)).seed(12345).check(x -> assertTrue(x < 50, "too big: " + x)));
    String m = f.getMessage();
    assertEquals(12345, f.seed());
    assertTrue(m.contains("seed 12345"), m);
    assertTrue(m.contains("-Ddfs.seed=12345"), m);
    assertTrue(m.contains("try " + f.tryNumber() + " of 100"), m);
    assertTrue(m.contains("original: " + f.original()), m);
    assertTrue(m.contains("shrunk:   50"), m);
    assertTrue(m.contains("too big: 50"), "the shrunk failure: " + m);
    assertTrue(f.getCause().getMessage().contains("too big: " + f.original()), "cause is the original failure");
  }

  @Test
  void sameSeedFindsTheSameCounterexample() {
    Property<List<Integer>> p = Property.forAll(Gen.lists(Gen.ints(), 0, 30)).seed(77);
    PropertyFailure a = assertThrows(PropertyFailure.class, () -> p.check(l -> assertTrue(sorted(l))));
    PropertyFailure b = assertThrows(PropertyFailure.class, () -> p.check(l -> assertTrue(sorted(l))));
    assertEquals(a.tryNumber(), b.tryNumber());
    assertEquals(a.original(), b.original());
    assertEquals(a.shrunk(), b.shrunk());
    assertEquals(a.getMessage(), b.getMessage());
  }

  @Test
  void seedAndTriesComeFromProperties() {
    PropertyFailure f = assertThrows(PropertyFailure.class, () -> Property.forAll(Gen.ints())
        .settings(props(Map.of("dfs.seed", "99"))).check(x -> assertTrue(x > 0)));
    assertEquals(99, f.seed());
    assertTrue(f.getMessage().contains("-Ddfs.seed=99"));
    PropertyFailure d = assertThrows(PropertyFailure.class,
        () -> Property.forAll(Gen.ints()).settings(props(Map.of())).check(x -> assertTrue(x > 0)));
    assertEquals(Settings.DEFAULT_SEED, d.seed());
    PropertyFailure explicit = assertThrows(PropertyFailure.class, () -> Property.forAll(Gen.ints())
        .settings(props(Map.of("dfs.seed", "99"))).seed(5).check(x -> assertTrue(x > 0)));
    assertEquals(5, explicit.seed());

    AtomicInteger calls = new AtomicInteger();
    Property.forAll(Gen.ints()).settings(props(Map.of("dfs.tries", "7", "dfs.tries.multiplier", "3")))
        .check(x -> calls.incrementAndGet());
    assertEquals(21, calls.get());
    calls.set(0);
    Property.forAll(Gen.ints()).tries(4).settings(props(Map.of("dfs.tries", "7", "dfs.tries.multiplier", "3")))
        .check(x -> calls.incrementAndGet());
    assertEquals(12, calls.get());
    assertThrows(IllegalArgumentException.class,
        () -> Property.forAll(Gen.ints()).settings(props(Map.of("dfs.seed", "abc"))).check(x -> {}));
  }

  @Test
  void sizesGrowOverTheTries() {
    List<Integer> sizes = new ArrayList<>();
    Property.forAll((r, size) -> size).tries(11).maxSize(50).check(sizes::add);
    assertEquals(List.of(0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50), sizes);
  }

  @Test
  void assumptionsDiscardTries() {
    AtomicInteger kept = new AtomicInteger();
    Property.forAll(Gen.ints()).tries(30).check(x -> {
      Assumptions.assumeTrue(x % 2 == 0);
      kept.incrementAndGet();
    });
    assertEquals(30, kept.get());
    assertThrows(AssertionError.class,
        () -> Property.forAll(Gen.ints()).tries(5).check(x -> Assumptions.assumeTrue(false)));
  }
}
