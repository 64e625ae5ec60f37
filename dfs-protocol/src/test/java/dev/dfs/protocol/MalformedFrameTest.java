package dev.dfs.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dfs.testkit.property.Gen;
import dev.dfs.testkit.property.Property;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hostile and broken input: always a {@link FrameCodec.BadFrame} or a framing error, never a crash. */
@Timeout(60)
class MalformedFrameTest {
  private static final Fid FID = new Fid(1, 2, 3);

  /** Decodes one length-prefixed body through the pipeline; expects exactly one BadFrame. */
  private static FrameCodec.BadFrame bad(byte[] body) {
    List<Object> out = Channels.decode(Channels.prefixed(body));
    assertEquals(1, out.size(), () -> "decoded " + out);
    return assertInstanceOf(FrameCodec.BadFrame.class, out.get(0));
  }

  private static void assertBad(Status expected, byte[] body) {
    FrameCodec.BadFrame b = bad(body);
    assertEquals(expected, b.error().status(), b.error()::getMessage);
    DfsException direct = assertThrows(DfsException.class, () -> Frame.fromBytes(body));
    assertEquals(expected, direct.status());
  }

  @Test
  void unknownOpcodeIsNotSupported() {
    Set<Integer> known = EnumSet.allOf(Op.class).stream().map(Op::code).collect(Collectors.toSet());
    for (int code = 0; code < 256; code++) {
      if (!known.contains(code)) {
        FrameCodec.BadFrame b = bad(Channels.body(code, 4242, w -> w.putLong(7)));
        assertEquals(Status.ENOTSUP, b.error().status(), "opcode " + code);
        assertEquals(4242, b.requestId(), "the request id is kept for the error reply");
      }
    }
  }

  @Test
  void emptyAndShortBodiesAreProtocolErrors() {
    assertBad(Status.EPROTO, new byte[0]);
    assertBad(Status.EPROTO, new byte[] {(byte) Op.PING.code(), 0, 0, 0});
    assertEquals(0, bad(new byte[] {(byte) Op.PING.code(), 0, 0}).requestId());
  }

  @Test
  void everyTruncationOfAValidBodyIsAProtocolError() {
    Property.forAll(Gens.FRAME).tries(300).maxSize(20).check(f -> {
      byte[] body = f.toBytes();
      int cut = new SplittableRandom(Arrays.hashCode(body)).nextInt(body.length);
      byte[] truncated = Arrays.copyOf(body, cut);
      DfsException e = assertThrows(DfsException.class, () -> Frame.fromBytes(truncated));
      assertEquals(Status.EPROTO, e.status(), e.getMessage());
      if (cut >= 9) {
        assertEquals(f.requestId(), bad(truncated).requestId());
      }
    });
  }

  @Test
  void trailingBytesAreAProtocolError() {
    Gen<byte[]> garbage = Gen.bytes(1, 50);
    Gen<byte[]> bodies = (r, s) -> {
      byte[] body = Gens.FRAME.generate(r, s).toBytes();
      byte[] extra = garbage.generate(r, s);
      byte[] out = Arrays.copyOf(body, body.length + extra.length);
      System.arraycopy(extra, 0, out, body.length, extra.length);
      return out;
    };
    Property.forAll(bodies).tries(300).maxSize(20).check(b -> {
      DfsException e = assertThrows(DfsException.class, () -> Frame.fromBytes(b));
      assertEquals(Status.EPROTO, e.status(), e.getMessage());
      assertTrue(e.getMessage().contains("trailing"), e.getMessage());
      assertEquals(Status.EPROTO, bad(b).error().status());
    });
  }

  @Test
  void oversizedLengthPrefixFailsInThePipeline() {
    // The prefix is unsigned: -1 is 4 GiB.
    for (int len : new int[] {Frame.MAX_FRAME + 1, Integer.MAX_VALUE, -1, Integer.MIN_VALUE}) {
      EmbeddedChannel ch = Channels.codec();
      byte[] head = Unpooled.buffer().writeInt(len).writeByte(Op.PING.code()).writeLong(1).array();
      assertThrows(TooLongFrameException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(head)));
      ch.finishAndReleaseAll();
    }
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  /** Decodes {@code body}, expecting EPROTO, and returns the bytes allocated on the way. */
  private static long eprotoAllocating(byte[] body) {
    for (int warm = 0; warm < 3; warm++) {
      assertThrows(DfsException.class, () -> Frame.fromBytes(body));
    }
    long before = allocatedBytes();
    DfsException e = assertThrows(DfsException.class, () -> Frame.fromBytes(body));
    long used = allocatedBytes() - before;
    assertEquals(Status.EPROTO, e.status(), e.getMessage());
    return used;
  }

  @Test
  void hostileLengthsAreRejectedWithoutAllocating() {
    int[] lengths = {-1, Integer.MIN_VALUE, Integer.MAX_VALUE, Wire.MAX_STRING + 1, Wire.MAX_STRING,
        Request.MAX_CHUNK, Request.MAX_CHUNK + 1, Wire.MAX_LIST, Wire.MAX_LIST + 1};
    for (int n : lengths) {
      byte[] string = Channels.body(Op.LOOKUP.code(), 1, w -> w.putFid(FID).putInt(n).putByte('a'));
      byte[] bytes = Channels.body(Op.WRITE.code(), 1, w -> w.putFid(FID).putLong(0).putInt(n).putByte(1));
      byte[] list = Channels.body(Op.GIVE_UP.code(), 1, w -> w.putInt(n).putFid(FID));
      byte[] entries = Channels.body(Op.DIR_PAGE.code(), 1,
          w -> w.putAttr(new Attr(FID, FileType.DIRECTORY, 0755, 2, 0, 0, 0, 0, 0, 0, 1)).putInt(n));
      for (byte[] body : List.of(string, bytes, list, entries)) {
        long used = eprotoAllocating(body);
        assertTrue(used < 256 * 1024, "length " + n + " made the decoder allocate " + used + " bytes");
        assertEquals(Status.EPROTO, bad(body).error().status());
      }
    }
  }

  @Test
  void badBooleanBytesAreProtocolErrors() {
    for (int b : new int[] {2, 0x7f, 0x80, 0xff}) {
      assertBad(Status.EPROTO, Channels.body(Op.CREATE.code(), 1,
          w -> w.putFid(FID).putString("f").putInt(0644).putByte(b)));
      assertBad(Status.EPROTO, Channels.body(Op.VOL_CREATE.code(), 1, w -> w.putString("v").putByte(b)));
      assertBad(Status.EPROTO, Channels.body(Op.ENTRY.code(), 1,
          w -> w.putAttr(new Attr(FID, FileType.DIRECTORY, 0755, 2, 0, 0, 0, 0, 0, 0, 1)).putByte(b)));
    }
  }

  private static byte[] dirPageWithEntryName(String name) {
    return Channels.body(Op.DIR_PAGE.code(), 9, w -> {
      w.putAttr(new Attr(FID, FileType.DIRECTORY, 0755, 2, 0, 0, 0, 0, 0, 0, 1)).putInt(1);
      w.putString(name).putFid(FID).putByte(FileType.FILE.code());
      w.putLong(0).putBool(true);
    });
  }

  @Test
  void illegalNamesInDirectoryEntriesAreErrorsNotCrashes() {
    assertEquals(1, ((Reply.DirPage) Frame.fromBytes(dirPageWithEntryName("ok")).message()).entries().size());
    for (String name : List.of("a/b", "/", "a\0b", "\0", ".", "..", "")) {
      FrameCodec.BadFrame b = bad(dirPageWithEntryName(name));
      assertEquals(Status.EINVAL, b.error().status(), name);
      assertEquals(9, b.requestId());
    }
    assertEquals(Status.ENAMETOOLONG, bad(dirPageWithEntryName("x".repeat(256))).error().status());
  }

  @Test
  void invalidValuesInsideMessagesAreErrors() {
    // unknown file type
    assertBad(Status.EPROTO, Channels.body(Op.ATTRS.code(), 1, w -> {
      w.putFid(FID).putByte(9);
      for (int i = 0; i < 4; i++) {
        w.putInt(0);
      }
      for (int i = 0; i < 5; i++) {
        w.putLong(0);
      }
    }));
    // mode bits outside 07777, negative size
    Attr ok = new Attr(FID, FileType.FILE, 0644, 1, 0, 0, 0, 0, 0, 0, 1);
    byte[] good = Channels.body(Op.ATTRS.code(), 1, w -> w.putAttr(ok));
    byte[] badMode = good.clone();
    badMode[9 + 24 + 1] = 1; // high byte of mode
    assertBad(Status.EPROTO, badMode);
    byte[] negativeSize = good.clone();
    negativeSize[9 + 24 + 1 + 16] = (byte) 0x80; // high byte of size
    assertBad(Status.EPROTO, negativeSize);
    // setattr flags outside the six known bits, and a negative size
    assertBad(Status.EPROTO, Channels.body(Op.SETATTR.code(), 1, w -> w.putFid(FID).putByte(64)));
    assertBad(Status.EINVAL, Channels.body(Op.SETATTR.code(), 1, w -> w.putFid(FID).putByte(8).putLong(-1)));
    // empty volume name
    assertBad(Status.EPROTO, Channels.body(Op.VOLUME.code(), 1,
        w -> w.putLong(1).putString("").putFid(FID).putString("h:1")));
  }

  /** Valid frames with random damage: flipped bytes, edge-value ints, cuts and insertions. */
  static final Gen<byte[]> DAMAGED = (r, s) -> {
    byte[] b = Gens.FRAME.generate(r, s).toBytes();
    int[] edgeInts = {-1, 0, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, Wire.MAX_LIST, Wire.MAX_STRING + 1};
    for (int k = 1 + r.nextInt(4); k > 0 && b.length > 0; k--) {
      int at = r.nextInt(b.length);
      switch (r.nextInt(5)) {
        case 0 -> b[at] = (byte) r.nextInt(256);
        case 1 -> {
          if (at + 4 <= b.length) {
            Unpooled.wrappedBuffer(b).setInt(at, edgeInts[r.nextInt(edgeInts.length)]);
          }
        }
        case 2 -> b = Arrays.copyOf(b, at);
        case 3 -> {
          byte[] longer = new byte[b.length + 1 + r.nextInt(8)];
          System.arraycopy(b, 0, longer, 0, at);
          System.arraycopy(b, at, longer, longer.length - (b.length - at), b.length - at);
          b = longer;
        }
        default -> b[at] ^= (byte) (1 << r.nextInt(8));
      }
    }
    return b;
  };

  static final Gen<byte[]> GARBAGE = Gen.oneOf(Gen.bytes(0, 300), DAMAGED);

  @Test
  void decodingGarbageOnlyEverThrowsDfsException() {
    Property.forAll(GARBAGE).tries(2000).maxSize(20).check(b -> {
      try {
        Frame f = Frame.fromBytes(b);
        assertEquals(f, Frame.fromBytes(f.toBytes()), "what decodes re-encodes");
      } catch (DfsException e) {
        // expected
      }
    });
  }

  @Test
  void thePipelineSurvivesGarbage() {
    Gen<List<byte[]>> streams = Gen.lists(Gen.oneOf(GARBAGE, GARBAGE.map(Channels::prefixed)), 1, 6);
    Property.forAll(streams).tries(500).maxSize(20).check(chunks -> {
      EmbeddedChannel ch = Channels.codec();
      try {
        for (byte[] c : chunks) {
          try {
            ch.writeInbound(Unpooled.wrappedBuffer(c));
          } catch (TooLongFrameException e) {
            // the framer's verdict on a bad length prefix: the handler closes the connection
          }
        }
        for (Object o : Channels.drain(ch)) {
          if (!(o instanceof Frame) && !(o instanceof FrameCodec.BadFrame)) {
            fail("decoded " + o);
          }
        }
      } finally {
        ch.finishAndReleaseAll();
      }
    });
  }
}
