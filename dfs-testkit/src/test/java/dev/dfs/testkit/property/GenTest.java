package dev.dfs.testkit.property;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GenTest {

  @Test
  void sameSeedGivesSameValues() {
    List<Gen<?>> gens = List.of(Gen.ints(), Gen.longs(-5, 5), Gen.lists(Gen.ints(0, 9), 0, 20),
        Gen.unicodeStrings(0, 30), Gen.names(), Gen.asciiStrings(1, 10), Gen.booleans().nullable(),
        Gen.oneOf(Gen.constant("a"), Gen.elements("b", "c")));
    for (Gen<?> g : gens) {
      assertEquals(g.samples(42, 200), g.samples(42, 200));
      assertNotEquals(g.samples(42, 200), g.samples(43, 200));
    }
    Gen<byte[]> bytes = Gen.bytes(0, 100);
    List<byte[]> a = bytes.samples(7, 100);
    List<byte[]> b = bytes.samples(7, 100);
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i));
    }
  }

  @Test
  void intsStayInRangeAndHitTheEdges() {
    List<Integer> xs = Gen.ints(-1000, 1000).samples(1, 1000);
    assertTrue(xs.stream().allMatch(x -> x >= -1000 && x <= 1000));
    assertTrue(xs.containsAll(List.of(-1000, -999, -1, 0, 1, 999, 1000)), "edge cases: " + xs);
    List<Long> ls = Gen.longs().samples(1, 1000);
    assertTrue(ls.containsAll(List.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L)));
    List<Integer> positive = Gen.ints(10, 20).samples(1, 300);
    assertTrue(positive.stream().allMatch(x -> x >= 10 && x <= 20));
    assertTrue(positive.containsAll(List.of(10, 11, 19, 20)));
  }

  @Test
  void intsShrinkTowardZeroOrTheNearestBound() {
    List<Integer> c = Gen.ints(-100, 100).shrink(37).collect(Collectors.toList());
    assertEquals(0, c.get(0));
    assertTrue(c.stream().allMatch(x -> x >= 0 && x < 37), c.toString());
    assertTrue(c.contains(36));
    List<Integer> neg = Gen.ints().shrink(-37).collect(Collectors.toList());
    assertTrue(neg.stream().allMatch(x -> x <= 0 && x > -37), neg.toString());
    List<Integer> r = Gen.ints(10, 20).shrink(15).collect(Collectors.toList());
    assertEquals(10, r.get(0));
    assertTrue(r.stream().allMatch(x -> x >= 10 && x < 15));
    assertEquals(0, Gen.ints(10, 20).shrink(10).count());
    List<Long> big = Gen.longs().shrink(Long.MIN_VALUE).collect(Collectors.toList());
    assertEquals(0L, big.get(0));
    assertTrue(big.stream().allMatch(x -> x <= 0));
  }

  @Test
  void unicodeStringsAreValidAndVaried() {
    List<String> ss = Gen.unicodeStrings(0, 40).samples(3, 500);
    for (String s : ss) {
      assertEquals(s, new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), "valid Unicode");
      assertTrue(s.codePointCount(0, s.length()) <= 40);
    }
    String all = String.join("", ss);
    assertTrue(all.codePoints().anyMatch(cp -> cp == 0), "NUL");
    assertTrue(all.codePoints().anyMatch(cp -> cp >= 0x80 && cp < 0x800), "2-byte");
    assertTrue(all.codePoints().anyMatch(cp -> cp >= 0x800 && cp < 0x10000), "3-byte");
    assertTrue(all.codePoints().anyMatch(cp -> cp >= 0x10000), "4-byte");
    assertTrue(all.codePoints().anyMatch(cp -> cp == 0xffff || cp == 0x10ffff || cp == 0xfeff), "edge chars");
    // Shrinking never splits a surrogate pair.
    String emoji = "a\uD83D\uDE00b";
    assertTrue(Gen.unicodeStrings(0, 5).shrink(emoji)
        .allMatch(s -> s.equals(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))));
  }

  @Test
  void asciiStringsAreAscii() {
    for (String s : Gen.asciiStrings(2, 8).samples(5, 300)) {
      assertTrue(s.length() >= 2 && s.length() <= 8, s);
      assertTrue(s.chars().allMatch(c -> c < 128), s);
    }
  }

  @Test
  void namesAreLegalAndReachTheByteLimit() {
    List<String> names = Gen.names().samples(9, 1000);
    for (String n : names) {
      assertTrue(Generators.isLegalName(n, 255), () -> "illegal name " + Show.show(n));
      assertTrue(n.getBytes(StandardCharsets.UTF_8).length <= 255);
      Gen.names().shrink(n).limit(200).forEach(c -> assertTrue(Generators.isLegalName(c, 255), c));
    }
    assertTrue(names.stream().anyMatch(n -> n.getBytes(StandardCharsets.UTF_8).length == 255), "full-length names");
    assertTrue(names.stream().anyMatch(n -> n.getBytes(StandardCharsets.UTF_8).length > n.length()), "multi-byte");
    assertTrue(names.stream().anyMatch(n -> n.contains(".")), "dots");
    assertTrue(Gen.names(2).samples(1, 500).stream().allMatch(n -> Generators.isLegalName(n, 2)));
  }

  @Test
  void listsRespectBoundsAndShrinkWithinThem() {
    Gen<List<Integer>> g = Gen.lists(Gen.ints(), 2, 6);
    for (List<Integer> l : g.samples(1, 300)) {
      assertTrue(l.size() >= 2 && l.size() <= 6);
      assertTrue(g.shrink(l).allMatch(c -> c.size() >= 2 && c.size() <= l.size()));
    }
    List<List<Integer>> c = Gen.lists(Gen.ints(), 0, 10).shrink(List.of(5, 6, 7, 8)).collect(Collectors.toList());
    assertEquals(List.of(), c.get(0), "most aggressive candidate first");
    assertTrue(c.contains(List.of(5, 6)), "truncation to half");
    assertTrue(c.contains(List.of(7, 8)), "first half removed");
    assertTrue(c.contains(List.of(5, 6, 7)), "single element removed");
    assertTrue(c.contains(List.of(0, 6, 7, 8)), "element shrunk");
  }

  @Test
  void bytesShrinkByTruncationFirst() {
    Gen<byte[]> g = Gen.bytes(1, 10);
    List<byte[]> c = g.shrink(new byte[] {1, 2, 3, 4}).collect(Collectors.toList());
    assertArrayEquals(new byte[] {1}, c.get(0));
    assertArrayEquals(new byte[] {1, 2, 3}, c.stream().filter(b -> b.length == 3).findFirst().orElseThrow());
    assertTrue(c.stream().allMatch(b -> b.length >= 1));
    for (byte[] b : g.samples(2, 200)) {
      assertTrue(b.length >= 1 && b.length <= 10);
    }
  }

  @Test
  void filterGivesUpOnImpossiblePredicates() {
    Gen<Integer> never = Gen.ints(0, 10).filter(x -> x > 10);
    assertThrows(IllegalStateException.class, () -> never.samples(1, 1));
    assertTrue(Gen.ints(0, 100).filter(x -> x % 2 == 0).samples(1, 100).stream().allMatch(x -> x % 2 == 0));
  }

  @Test
  void frequencyFollowsWeights() {
    List<String> xs = Gen.frequency(Gen.weight(9, Gen.constant("a")), Gen.weight(1, Gen.constant("b")))
        .samples(1, 2000);
    long a = xs.stream().filter("a"::equals).count();
    assertTrue(a > 1700 && a < 1900, "weight 9 of 10 gave " + a + " of 2000");
    assertThrows(IllegalArgumentException.class, () -> Gen.weight(0, Gen.constant(1)));
  }

  @Test
  void nullableAndOptionalShrinkToAbsentFirst() {
    List<Integer> xs = Gen.ints(1, 5).nullable().samples(1, 200);
    assertTrue(xs.contains(null));
    assertTrue(xs.stream().filter(Objects::nonNull).count() > 150);
    assertEquals(null, Gen.ints(1, 5).nullable().shrink(4).iterator().next());
    assertTrue(Gen.ints().optional().shrink(java.util.Optional.of(3)).findFirst().orElseThrow().isEmpty());
  }

  @Test
  void elementsShrinkTowardEarlierOnes() {
    assertEquals(List.of("a", "b"), Gen.elements("a", "b", "c").shrink("c").collect(Collectors.toList()));
  }
}
