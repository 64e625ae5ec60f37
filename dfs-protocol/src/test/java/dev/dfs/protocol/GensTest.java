package dev.dfs.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every opcode has a generator, so every message has a round-trip test. */
class GensTest {

  @Test
  void everyOpHasAGeneratorOfItsMessages() {
    for (Op op : Op.values()) {
      for (Message m : Gens.message(op).samples(op.code(), 20)) {
        assertEquals(op, m.op(), () -> "generator for " + op + " made " + m);
      }
    }
  }

  @Test
  void theMessageGeneratorCoversEveryOp() {
    Set<Op> seen = Gens.MESSAGE.samples(1, 2000).stream().map(Message::op).collect(Collectors.toSet());
    assertEquals(EnumSet.allOf(Op.class), seen);
  }

  @Test
  void opcodesAreUniqueAndFitOneByte() {
    Set<Integer> codes = EnumSet.allOf(Op.class).stream().map(Op::code).collect(Collectors.toSet());
    assertEquals(Op.values().length, codes.size());
    for (Op op : Op.values()) {
      assertEquals(op, Op.ofCode(op.code()));
      assertEquals(op.code() & 0xff, op.code());
    }
  }
}
