package dev.dfs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.protocol.Frame;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import dev.dfs.protocol.Status;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken clients on raw sockets: each gets a clear error reply, at worst loses its
 * own connection, and the server keeps serving everybody else.
 */
class MalformedInputTest {
  @TempDir Path data;
  ViceServer server;

  @BeforeEach
  void start() {
    server = ViceServer.start(ServerConfig.builder(data).listen(new InetSocketAddress("127.0.0.1", 0)).build());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** A bare-bones client that writes whatever bytes it is told to. */
  final class Raw implements AutoCloseable {
    final Socket socket;
    final DataOutputStream out;
    final DataInputStream in;

    Raw() throws IOException {
      socket = new Socket();
      socket.connect(server.address(), 5000);
      socket.setSoTimeout(5000);
      out = new DataOutputStream(socket.getOutputStream());
      in = new DataInputStream(socket.getInputStream());
    }

    void send(long id, Request r) throws IOException {
      sendBody(new Frame(id, r).toBytes());
    }

    void sendBody(byte[] body) throws IOException {
      out.writeInt(body.length);
      out.write(body);
      out.flush();
    }

    Frame receive() throws IOException {
      int len = in.readInt();
      byte[] body = new byte[len];
      in.readFully(body);
      return Frame.readBody(Unpooled.wrappedBuffer(body));
    }

    Reply.HelloOk hello() throws IOException {
      send(1, new Request.Hello(Frame.PROTOCOL_VERSION, "raw-" + System.nanoTime(), 0, 0, false, new byte[0]));
      return (Reply.HelloOk) receive().message();
    }

    boolean closedByServer() {
      try {
        return in.read() < 0;
      } catch (IOException e) {
        return true;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  Reply.Error expectError(Raw c, long id, Status status) throws IOException {
    Frame f = c.receive();
    Reply.Error e = assertInstanceOf(Reply.Error.class, f.message(), "got " + f);
    assertEquals(status, e.status(), e.message());
    assertEquals(id, f.requestId());
    return e;
  }

  void assertServerStillServes() throws IOException {
    try (Raw other = new Raw()) {
      Reply.HelloOk ok = other.hello();
      other.send(2, new Request.GetAttr(ok.root()));
      assertInstanceOf(Reply.Attrs.class, other.receive().message());
    }
  }

  @Test
  void aRequestBeforeHelloIsRefusedAndTheConnectionClosed() throws IOException {
    try (Raw c = new Raw()) {
      c.send(5, new Request.Ping());
      expectError(c, 5, Status.EPROTO);
      assertTrue(c.closedByServer());
    }
    assertServerStillServes();
  }

  @Test
  void aWrongProtocolVersionIsNamedInTheError() throws IOException {
    try (Raw c = new Raw()) {
      c.send(1, new Request.Hello(99, "x", 0, 0, false, new byte[0]));
      Reply.Error e = expectError(c, 1, Status.EPROTO);
      assertTrue(e.message().contains("99"), e.message());
      assertTrue(c.closedByServer());
    }
  }

  @Test
  void anUnknownOpcodeGetsEnotsupAndTheConnectionCarriesOn() throws IOException {
    try (Raw c = new Raw()) {
      Reply.HelloOk ok = c.hello();
      ByteBuf b = Unpooled.buffer().writeByte(250).writeLong(77).writeInt(1234);
      byte[] body = new byte[b.readableBytes()];
      b.readBytes(body);
      c.sendBody(body);
      expectError(c, 77, Status.ENOTSUP);
      c.send(78, new Request.GetAttr(ok.root()));
      assertInstanceOf(Reply.Attrs.class, c.receive().message());
    }
  }

  @Test
  void aTruncatedBodyGetsEprotoAndOnlyThatConnectionCloses() throws IOException {
    try (Raw c = new Raw()) {
      Reply.HelloOk ok = c.hello();
      byte[] whole = new Frame(9, new Request.Lookup(ok.root(), "name")).toBytes();
      byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 3);
      c.sendBody(cut);
      expectError(c, 9, Status.EPROTO);
      assertTrue(c.closedByServer());
    }
    assertServerStillServes();
  }

  @Test
  void anOversizedFrameIsRefusedWithoutReadingIt() throws IOException {
    try (Raw c = new Raw()) {
      c.hello();
      c.out.writeInt(Integer.MAX_VALUE);
      c.out.write(new byte[1024]);
      c.out.flush();
      Frame f = c.receive();
      assertEquals(Status.EPROTO, ((Reply.Error) f.message()).status());
      assertTrue(c.closedByServer());
    }
    assertServerStillServes();
  }

  @Test
  void hostileNamesGetEinvalOrEnametoolong() throws IOException {
    try (Raw c = new Raw()) {
      Reply.HelloOk ok = c.hello();
      long id = 10;
      for (String name : new String[] {"..", ".", "a/b", "nul\0byte", ""}) {
        c.send(++id, new Request.Create(ok.root(), name, 0644, true));
        expectError(c, id, Status.EINVAL);
      }
      c.send(++id, new Request.Mkdir(ok.root(), "x".repeat(256), 0755));
      expectError(c, id, Status.ENAMETOOLONG);
      c.send(++id, new Request.GetAttr(new dev.dfs.protocol.Fid(ok.root().volume(), 999_999, 1)));
      expectError(c, id, Status.ESTALE);
    }
  }

  @Test
  void randomGarbageNeverTakesTheServerDown() throws IOException {
    Random random = new Random(42);
    for (int i = 0; i < 50; i++) {
      try (Raw c = new Raw()) {
        byte[] junk = new byte[random.nextInt(64)];
        random.nextBytes(junk);
        try {
          if (random.nextBoolean()) {
            c.hello();
          }
          c.sendBody(junk);
          c.receive();
        } catch (EOFException | java.net.SocketException | java.net.SocketTimeoutException expected) {
          // the server may close a connection that sent garbage; it must not die
        } catch (dev.dfs.protocol.DfsException unexpectedReply) {
          throw new AssertionError("server sent an unreadable frame", unexpectedReply);
        }
      }
    }
    assertServerStillServes();
  }
}
