package dev.dfs.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dfs.testkit.property.Gen;
import dev.dfs.testkit.property.Property;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every message survives encoding and decoding, alone and through the Netty pipeline. */
@Timeout(60)
class RoundTripTest {

  static Frame throughBody(Frame f) {
    ByteBuf b = Unpooled.buffer();
    try {
      f.writeBody(b);
      assertEquals(f.message().op().code(), b.getUnsignedByte(0), "opcode first");
      assertEquals(f.requestId(), b.getLong(1), "then the request id");
      return Frame.readBody(b);
    } finally {
      b.release();
    }
  }

  @ParameterizedTest
  @EnumSource(Op.class)
  void bodyRoundTrip(Op op) {
    Property.forAll(Gens.frame(op)).check(f -> {
      assertEquals(f, throughBody(f));
      byte[] bytes = f.toBytes();
      assertEquals(f, Frame.fromBytes(bytes));
      assertArrayEquals(bytes, Frame.fromBytes(bytes).toBytes(), "re-encoding gives the same bytes");
    });
  }

  @ParameterizedTest
  @EnumSource(Op.class)
  void pipelineRoundTripByteByByte(Op op) {
    Property.forAll(Gens.frame(op)).tries(5).maxSize(10).check(f -> {
      byte[] wire = Channels.encode(List.of(f));
      assertEquals(f.toBytes().length + Frame.LENGTH_BYTES, wire.length);
      byte[][] singles = new byte[wire.length][];
      for (int i = 0; i < wire.length; i++) {
        singles[i] = new byte[] {wire[i]};
      }
      assertEquals(List.of(f), Channels.decode(singles));
    });
  }

  /** Several frames in one stream, cut at random places. */
  record Stream(List<Frame> frames, List<Integer> cuts) {}

  @Test
  void pipelineReassemblesFramesSplitAnywhere() {
    Gen<List<Frame>> frames = Gen.lists(Gens.FRAME, 1, 8);
    Gen<List<Integer>> cuts = Gen.lists(Gen.ints(0, Integer.MAX_VALUE), 0, 30);
    Gen<Stream> streams = (r, s) -> new Stream(frames.generate(r, s), cuts.generate(r, s));
    Property.forAll(streams).tries(200).check(st -> {
      byte[] wire = Channels.encode(st.frames());
      TreeSet<Integer> at = new TreeSet<>();
      for (int c : st.cuts()) {
        at.add(c % (wire.length + 1));
      }
      at.add(wire.length);
      List<byte[]> chunks = new ArrayList<>();
      int from = 0;
      for (int to : at) {
        chunks.add(Arrays.copyOfRange(wire, from, to));
        from = to;
      }
      assertEquals(st.frames(), Channels.decode(chunks.toArray(new byte[0][])));
    });
  }
}
