package dev.dfs.conformance;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.dfs.conformance.Linearizability.Op;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker on hand-made histories whose verdict is known. */
class LinearizabilityTest {
  static Op w(String v, long from, long to) {
    return new Op(0, true, v, from, to);
  }

  static Op r(String v, long from, long to) {
    return new Op(1, false, v, from, to);
  }

  @Test
  void sequentialHistoriesFollowTheLastWrite() {
    assertNull(Linearizability.check(List.of(w("a", 0, 10), r("a", 20, 30)), "0"));
    assertNotNull(Linearizability.check(List.of(w("a", 0, 10), r("0", 20, 30)), "0"), "a stale read");
    assertNotNull(Linearizability.check(List.of(w("a", 0, 10), w("b", 20, 30), r("a", 40, 50)), "0"));
  }

  @Test
  void aReadOverlappingAWriteMaySeeEitherValue() {
    assertNull(Linearizability.check(List.of(w("a", 0, 100), r("0", 10, 20)), "0"));
    assertNull(Linearizability.check(List.of(w("a", 0, 100), r("a", 10, 20)), "0"));
  }

  @Test
  void readsMayNotGoBackInTime() {
    // Both reads overlap the write, but once one has seen "a" a later one cannot see "0".
    assertNotNull(Linearizability.check(List.of(w("a", 0, 100), r("a", 10, 20), r("0", 30, 40)), "0"));
  }

  @Test
  void aValueNobodyWroteIsNeverExplained() {
    assertNotNull(Linearizability.check(List.of(w("a", 0, 10), r("z", 5, 30)), "0"));
  }
}
