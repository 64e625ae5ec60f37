package dev.dfs.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sizes at the edges of what the protocol allows: what one side writes, the other reads. */
class LimitsTest {
  private static final Fid FID = new Fid(1, 2, 3);
  private static final Attr ATTR = new Attr(FID, FileType.FILE, 0644, 1, 0, 0, 0, 0, 0, 0, 1);

  /** A Volumes reply whose body is exactly {@code bodyBytes} long. */
  static Frame volumesOfBodySize(int bodyBytes) {
    int perVolume = 8 + 4 + 1 + 24 + 4; // id, name "v", root, server length
    int remaining = bodyBytes - (1 + 8 + 4);
    List<VolumeInfo> vols = new ArrayList<>();
    while (remaining > 0) {
      int server = Math.min(Wire.MAX_STRING, remaining - perVolume);
      if (remaining - perVolume - server > 0 && remaining - perVolume - server < perVolume) {
        server -= perVolume; // leave room for one more whole entry
      }
      vols.add(new VolumeInfo(vols.size(), "v", FID, "s".repeat(server)));
      remaining -= perVolume + server;
    }
    Frame f = new Frame(1, new Reply.Volumes(vols));
    assertEquals(bodyBytes, f.toBytes().length);
    return f;
  }

  @Test
  void aFrameOfExactlyMaxFrameBytesPassesThePipeline() {
    Frame f = volumesOfBodySize(Frame.MAX_FRAME);
    byte[] wire = Channels.encode(List.of(f));
    assertEquals(Frame.MAX_FRAME + Frame.LENGTH_BYTES, wire.length);
    assertEquals(List.of(f), Channels.decode(wire));
  }

  @Test
  void theEncoderRefusesAFrameOneByteTooLong() {
    Frame f = volumesOfBodySize(Frame.MAX_FRAME + 1);
    EmbeddedChannel ch = Channels.codec();
    EncoderException e = assertThrows(EncoderException.class, () -> ch.writeOutbound(f));
    assertEquals(Status.EFBIG, assertInstanceOf(DfsException.class, e.getCause()).status());
    ch.finishAndReleaseAll();
  }

  @Test
  void aFullChunkRoundTrips() {
    Frame write = new Frame(5, new Request.Write(FID, 0, new byte[Request.MAX_CHUNK]));
    Frame data = new Frame(5, new Reply.Data(ATTR, 0, new byte[Request.MAX_CHUNK]));
    Frame store = new Frame(5, new Request.StoreData(1, 0, new byte[Request.MAX_CHUNK]));
    assertEquals(List.of(write, data, store), Channels.decode(Channels.encode(List.of(write, data, store))));
  }

  @Test
  void byteArraysOverTheReadersLimitAreRefusedWhenBuilt() {
    // The reader accepts at most MAX_CHUNK data bytes and MAX_CREDENTIALS credential bytes; a
    // message the peer would reject with EPROTO must not be built in the first place.
    byte[] chunk = new byte[Request.MAX_CHUNK + 1];
    assertThrows(IllegalArgumentException.class, () -> new Request.Write(FID, 0, chunk));
    assertThrows(IllegalArgumentException.class, () -> new Request.StoreData(1, 0, chunk));
    assertThrows(IllegalArgumentException.class, () -> new Reply.Data(ATTR, 0, chunk));
    byte[] creds = new byte[Request.Hello.MAX_CREDENTIALS];
    Frame hello = new Frame(1, new Request.Hello(1, "c", 0, 0, true, creds));
    assertEquals(hello, Frame.fromBytes(hello.toBytes()));
    assertThrows(IllegalArgumentException.class,
        () -> new Request.Hello(1, "c", 0, 0, true, new byte[Request.Hello.MAX_CREDENTIALS + 1]));
  }

  @Test
  void stringsUpToMaxStringRoundTripAndLongerOnesAreRefused() {
    String max = "é".repeat(Wire.MAX_STRING / 2);
    Frame f = new Frame(1, new Reply.LinkTarget(max));
    assertEquals(f, Frame.fromBytes(f.toBytes()));
    DfsException e = assertThrows(DfsException.class, () -> new Frame(1, new Reply.LinkTarget(max + "x")).toBytes());
    assertEquals(Status.ENAMETOOLONG, e.status());
  }

  @Test
  void listsUpToMaxListRoundTripAndLongerOnesAreRefused() {
    List<Fid> fids = new ArrayList<>();
    for (int i = 0; i < Wire.MAX_LIST; i++) {
      fids.add(new Fid(i, i, i));
    }
    Frame f = new Frame(0, new Push.CallbackBreak(1, fids));
    assertEquals(f, Frame.fromBytes(f.toBytes()));
    fids.add(FID);
    DfsException e = assertThrows(DfsException.class, () -> new Frame(0, new Request.GiveUp(fids)).toBytes());
    assertEquals(Status.EINVAL, e.status());
  }

  @Test
  void stringsThatAreNotValidUnicodeAreRefusedNotMangled() {
    // UTF-8 cannot carry an unpaired surrogate: String.getBytes would silently send '?', so that
    // "a\uD800" and "a\uDBFF" would both arrive as "a?" (another file's name).
    for (String s : List.of("a\uD800", "\uDC00b", "x\uDBFF\uDBFFy")) {
      DfsException e = assertThrows(DfsException.class, () -> new Frame(1, new Reply.LinkTarget(s)).toBytes());
      assertEquals(Status.EINVAL, e.status());
    }
    // Surrogate pairs are fine.
    Frame ok = new Frame(1, new Reply.LinkTarget("\uD83D\uDE00"));
    assertEquals(ok, Frame.fromBytes(ok.toBytes()));
  }

  @Test
  void bytesThatAreNotValidUtf8AreAProtocolError() {
    // A lone continuation byte, an overlong NUL, an encoded surrogate, a cut 3-byte sequence, 0xFF.
    for (byte[] bad : List.of(new byte[] {(byte) 0x80}, new byte[] {(byte) 0xc0, (byte) 0x80},
        new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {'a', (byte) 0xe2, (byte) 0x82},
        new byte[] {(byte) 0xff})) {
      byte[] body = Channels.body(Op.LINK_TARGET.code(), 1, w -> w.putBytes(bad));
      DfsException e = assertThrows(DfsException.class, () -> Frame.fromBytes(body));
      assertEquals(Status.EPROTO, e.status(), e.getMessage());
    }
  }
}
