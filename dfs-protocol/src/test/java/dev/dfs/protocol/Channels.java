package dev.dfs.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** Helpers to run the codec in {@link EmbeddedChannel}s, without sockets. */
final class Channels {
  private Channels() {}

  /** A channel with the protocol's pipeline installed. */
  static EmbeddedChannel codec() {
    EmbeddedChannel ch = new EmbeddedChannel();
    FrameCodec.install(ch.pipeline());
    return ch;
  }

  /** The bytes the encoder writes for {@code frames}, length prefixes included. */
  static byte[] encode(List<Frame> frames) {
    EmbeddedChannel ch = codec();
    try {
      ch.writeOutbound(frames.toArray());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        b.release();
        out.writeBytes(bytes);
      }
      return out.toByteArray();
    } finally {
      ch.finishAndReleaseAll();
    }
  }

  /** Feeds {@code chunks} one by one to a fresh codec channel and returns what it decoded. */
  static List<Object> decode(byte[]... chunks) {
    EmbeddedChannel ch = codec();
    try {
      for (byte[] c : chunks) {
        ch.writeInbound(Unpooled.wrappedBuffer(c));
      }
      return drain(ch);
    } finally {
      ch.finishAndReleaseAll();
    }
  }

  static List<Object> drain(EmbeddedChannel ch) {
    List<Object> out = new ArrayList<>();
    for (Object o; (o = ch.readInbound()) != null; ) {
      out.add(o);
    }
    return out;
  }

  /** {@code body} with its 4-byte length prefix. */
  static byte[] prefixed(byte[] body) {
    return Unpooled.buffer(4 + body.length).writeInt(body.length).writeBytes(body).array();
  }

  /** A frame body built by hand: opcode, request id, then whatever {@code body} writes. */
  static byte[] body(int opcode, long requestId, java.util.function.Consumer<Wire> body) {
    ByteBuf b = Unpooled.buffer();
    b.writeByte(opcode).writeLong(requestId);
    body.accept(new Wire(b));
    byte[] out = new byte[b.readableBytes()];
    b.readBytes(out);
    return out;
  }
}
