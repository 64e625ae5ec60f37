package dev.dfs.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * The Netty stages of the protocol, kept apart as the Netty examples do: a length-field framer,
 * a frame decoder and a frame encoder. {@link #install} puts them in a pipeline under fixed
 * names. A frame that fails to decode is passed on as a {@link BadFrame} so that the handler
 * can answer it with an error reply before it closes the connection.
 */
public final class FrameCodec {
  public static final String FRAMER = "framer";
  public static final String DECODER = "decoder";
  public static final String ENCODER = "encoder";

  private FrameCodec() {}

  /** A frame that could not be decoded: the request id if one could be read, and why. */
  public record BadFrame(long requestId, DfsException error) {}

  public static void install(ChannelPipeline p) {
    // Netty's limit counts the length prefix too; MAX_FRAME is the body alone, as in the encoder.
    p.addLast(FRAMER, new LengthFieldBasedFrameDecoder(Frame.LENGTH_BYTES + Frame.MAX_FRAME, 0, Frame.LENGTH_BYTES, 0,
        Frame.LENGTH_BYTES));
    p.addLast(DECODER, new Decoder());
    p.addLast(ENCODER, new Encoder());
  }

  /** Decodes one length-stripped frame. */
  static final class Decoder extends MessageToMessageDecoder<ByteBuf> {
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
      long id = in.readableBytes() >= 9 ? in.getLong(in.readerIndex() + 1) : 0;
      try {
        out.add(Frame.readBody(in));
      } catch (DfsException e) {
        in.skipBytes(in.readableBytes());
        out.add(new BadFrame(id, e));
      }
    }
  }

  /** Encodes a frame with its length prefix. */
  static final class Encoder extends MessageToByteEncoder<Frame> {
    @Override
    protected void encode(ChannelHandlerContext ctx, Frame f, ByteBuf out) {
      int start = out.writerIndex();
      out.writeInt(0);
      f.writeBody(out);
      int len = out.writerIndex() - start - Frame.LENGTH_BYTES;
      if (len > Frame.MAX_FRAME) {
        out.writerIndex(start);
        throw new DfsException(Status.EFBIG, "frame of " + len + " bytes exceeds " + Frame.MAX_FRAME);
      }
      out.setInt(start, len);
    }
  }
}
