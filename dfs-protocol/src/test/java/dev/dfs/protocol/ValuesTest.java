package dev.dfs.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.testkit.property.Gen;
import dev.dfs.testkit.property.Property;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The value types' own rules: status codes, FID text, names. */
class ValuesTest {

  @Test
  void statusCodesRoundTripAndAreUnique() {
    for (Status s : Status.values()) {
      assertEquals(s, Status.ofCode(s.code()));
    }
    Set<Integer> codes = EnumSet.allOf(Status.class).stream().map(Status::code).collect(Collectors.toSet());
    assertEquals(Status.values().length, codes.size());
    assertEquals(0, Status.OK.code());
  }

  @Test
  void unknownStatusCodesBecomeEio() {
    Set<Integer> known = EnumSet.allOf(Status.class).stream().map(Status::code).collect(Collectors.toSet());
    Property.forAll(Gen.ints().filter(c -> !known.contains(c)))
        .check(c -> assertEquals(Status.EIO, Status.ofCode(c)));
  }

  @Test
  void errnoIsTheCodeExceptForOurOwn() {
    for (Status s : Status.values()) {
      int expected = switch (s) {
        case ECONFLICT -> 5;
        case EUNREACHABLE -> 110;
        default -> s.code();
      };
      assertEquals(expected, s.errno(), s.name());
    }
  }

  @Test
  void errorRepliesKeepStatusAndDetail() {
    Property.forAll(Gens.STATUS.filter(s -> s != Status.OK)).check(s -> {
      DfsException e = new Reply.Error(s, "detail").toException();
      assertEquals(s, e.status());
      assertEquals("detail", e.detail());
    });
    assertEquals(Status.EPROTO, new Reply.Error(Status.OK, "x").toException().status());
  }

  @Test
  void fidTextRoundTrips() {
    Property.forAll(Gens.FID).check(f -> assertEquals(f, Fid.parse(f.toString())));
    assertEquals(new Fid(-1, 0, Long.MAX_VALUE), Fid.parse("-1.0." + Long.MAX_VALUE));
  }

  @Test
  void fidParseRejectsAnythingElse() {
    for (String s : List.of("", "1", "1.2", "1.2.3.4", "a.b.c", "1..3", ".1.2", "1.2.3.", "1.2.3..", " 1.2.3",
        "1.2.99999999999999999999", "1,2,3")) {
      assertThrows(IllegalArgumentException.class, () -> Fid.parse(s), '"' + s + '"');
    }
  }

  private static void assertName(Status expected, String name) {
    DfsException e = assertThrows(DfsException.class, () -> Names.check(name), () -> "accepted " + name);
    assertEquals(expected, e.status(), name);
  }

  @Test
  void namesFollowThePosixRules() {
    for (String bad : new String[] {null, "", ".", "..", "/", "a/b", "a/", "\0", "a\0b"}) {
      assertName(Status.EINVAL, bad);
    }
    for (String ok : List.of("...", ".a", "a.", " ", "a b", "\u00e9", "\uD83D\uDE00", "\\", "-")) {
      assertEquals(ok, Names.check(ok));
    }
  }

  @Test
  void namesAreLimitedTo255Utf8Bytes() {
    List<String> fits = List.of("x".repeat(255), "é".repeat(127) + "x", "€".repeat(85),
        "\uD83D\uDE00".repeat(63) + "abc");
    List<String> tooLong = List.of("x".repeat(256), "é".repeat(128), "€".repeat(85) + "x",
        "\uD83D\uDE00".repeat(64));
    for (String s : fits) {
      assertEquals(255, s.getBytes(StandardCharsets.UTF_8).length);
      assertEquals(s, Names.check(s));
    }
    for (String s : tooLong) {
      assertEquals(256, s.getBytes(StandardCharsets.UTF_8).length);
      assertName(Status.ENAMETOOLONG, s);
    }
    assertTrue("é".repeat(128).length() < 255, "the limit is in bytes, not chars");
  }

  @Test
  void generatedNamesAreLegal() {
    Property.forAll(Gen.names()).tries(500).check(Names::check);
  }

  @Test
  void symlinkTargetsAreLimitedToPathMax() {
    assertEquals("/a/b", Names.checkTarget("/a/b"));
    assertEquals(4096, Names.checkTarget("é".repeat(2048)).getBytes(StandardCharsets.UTF_8).length);
    assertEquals(Status.ENAMETOOLONG,
        assertThrows(DfsException.class, () -> Names.checkTarget("é".repeat(2048) + "x")).status());
    assertEquals(Status.EINVAL, assertThrows(DfsException.class, () -> Names.checkTarget("a\0")).status());
    assertEquals(Status.EINVAL, assertThrows(DfsException.class, () -> Names.checkTarget("")).status());
  }
}
