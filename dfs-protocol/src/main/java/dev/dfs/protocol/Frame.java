package dev.dfs.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Objects;

/**
 * One unit on the wire: a request id and a message. Layout after the 4-byte length prefix:
 * {@code opcode:u8, requestId:i64, body}. Replies carry the id of their request; pushes carry 0.
 */
public record Frame(long requestId, Message message) {
  /** Protocol version spoken by this build. */
  public static final int PROTOCOL_VERSION = 1;
  /** Largest frame body: one data chunk plus room for its header. */
  public static final int MAX_FRAME = Request.MAX_CHUNK + 64 * 1024;
  /** Size of the length prefix. */
  public static final int LENGTH_BYTES = 4;
  /**
   * The callback lease, which both sides rely on: a client trusts its callback promises only
   * while it has heard from the server within this time (it pings when idle), and a server that
   * cuts off a holder who did not acknowledge a break lets the conflicting write proceed only
   * this long after it last sent that holder anything. So a silently partitioned client stops
   * trusting its cache before anybody is told a conflicting write is done.
   */
  public static final long LEASE_MILLIS = 10_000;

  public Frame {
    Objects.requireNonNull(message, "message");
  }

  /** Writes opcode, request id and body (not the length prefix) to {@code out}. */
  public void writeBody(ByteBuf out) {
    out.writeByte(message.op().code());
    out.writeLong(requestId);
    message.write(new Wire(out));
  }

  /**
   * Reads a frame body written by {@link #writeBody}. Throws {@link DfsException} (EPROTO or
   * ENOTSUP) for malformed input, including bytes left over after the message.
   */
  public static Frame readBody(ByteBuf in) {
    Wire w = new Wire(in);
    Op op = Op.ofCode(w.getByte());
    long id = w.getLong();
    Message m;
    try {
      m = op.read(w);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new DfsException(Status.EPROTO, "bad " + op + " message: " + e.getMessage());
    }
    if (in.isReadable()) {
      throw new DfsException(Status.EPROTO, in.readableBytes() + " trailing bytes after " + op);
    }
    return new Frame(id, m);
  }

  /** The body as a byte array: used to keep replies in the duplicate-request cache. */
  public byte[] toBytes() {
    ByteBuf b = Unpooled.buffer();
    try {
      writeBody(b);
      byte[] out = new byte[b.readableBytes()];
      b.readBytes(out);
      return out;
    } finally {
      b.release();
    }
  }

  public static Frame fromBytes(byte[] body) {
    return readBody(Unpooled.wrappedBuffer(body));
  }
}
