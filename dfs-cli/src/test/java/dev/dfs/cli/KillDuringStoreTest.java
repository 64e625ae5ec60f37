package dev.dfs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.dfs.client.ClientConfig;
import dev.dfs.client.DfsClient;
import dev.dfs.protocol.Attr;
import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import dev.dfs.protocol.Status;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real server process with SIGKILL in the middle of whole-file stores and range writes,
 * many times, and checks after each restart that every acknowledged write is there byte for byte
 * and that an unacknowledged one is either wholly there or wholly absent.
 */
class KillDuringStoreTest {
  static final int ROUNDS = Integer.getInteger("dfs.killRounds", 8);
  static final int FILES = 6;

  @TempDir Path data;

  /** What each file must hold: the acknowledged content, and a possible in-flight successor. */
  static final class Expect {
    byte[] acked;
    byte[] inFlight;
  }

  @Test
  void acknowledgedWritesSurviveKillMinus9() throws Exception {
    killRepeatedly(data, ROUNDS);
  }

  /**
   * The scenario, also run by {@link MutationCheckTest} against a server that acknowledges
   * before it commits: there it must fail.
   */
  static void killRepeatedly(Path data, int rounds, String... serverProperties) throws Exception {
    long seed = Long.getLong("dfs.seed", 20261121L);
    Random random = new Random(seed);
    Map<String, Expect> model = new HashMap<>();
    int port = 0;
    int acknowledged = 0;
    for (int round = 0; round < rounds; round++) {
      try (ServerProcess server = ServerProcess.start(data, port, serverProperties)) {
        port = server.address.getPort();
        try (DfsClient client = DfsClient.connect(ClientConfig.of(server.address).withTimeout(Duration.ofSeconds(10)))) {
          verify(client, model, "round " + round + " (seed " + seed + ")");
          AtomicBoolean stop = new AtomicBoolean();
          Random writerRandom = new Random(random.nextLong());
          Thread writer = new Thread(() -> writeUntilFailure(client, model, writerRandom, stop));
          writer.start();
          Thread.sleep(150 + random.nextInt(600));
          server.kill();
          stop.set(true);
          writer.join(30_000);
          assertTrue(!writer.isAlive(), "writer hung after the server died");
        }
      }
      acknowledged = model.values().stream().mapToInt(e -> e.acked == null ? 0 : 1).sum();
    }
    try (ServerProcess server = ServerProcess.start(data, port, serverProperties);
        DfsClient client = DfsClient.connect(ClientConfig.of(server.address))) {
      verify(client, model, "final check (seed " + seed + ")");
      assertEquals(143, server.terminate(), "SIGTERM stops the server");
      assertTrue(server.log().contains("stopped"), "and it shut down cleanly: " + server.log());
    }
    assertTrue(acknowledged > 0, "the test acknowledged no write at all, so it proved nothing");
  }

  /** Stores and range-writes random content until the server goes away; records every ack. */
  private static void writeUntilFailure(DfsClient client, Map<String, Expect> model, Random r, AtomicBoolean stop) {
    try {
      while (!stop.get()) {
        String name = "/file" + r.nextInt(FILES);
        Expect e;
        synchronized (model) {
          e = model.computeIfAbsent(name, k -> new Expect());
        }
        if (e.acked == null || r.nextBoolean()) {
          byte[] content = new byte[r.nextInt(3 * Request.MAX_CHUNK)];
          r.nextBytes(content);
          e.inFlight = content;
          client.put(new ByteArrayInputStream(content), name, 0644, null);
        } else {
          byte[] patch = new byte[1 + r.nextInt(64 * 1024)];
          r.nextBytes(patch);
          int offset = r.nextInt(e.acked.length + 1);
          byte[] next = Arrays.copyOf(e.acked, Math.max(e.acked.length, offset + patch.length));
          System.arraycopy(patch, 0, next, offset, patch.length);
          e.inFlight = next;
          Attr f = client.stat(name);
          client.link().call(new Request.Write(f.fid(), offset, patch), Reply.Attrs.class);
        }
        e.acked = e.inFlight;
        e.inFlight = null;
      }
    } catch (DfsException expected) {
      // the server was killed under us; what was acknowledged is in the model
    }
  }

  private static void verify(DfsClient client, Map<String, Expect> model, String when) {
    for (Map.Entry<String, Expect> m : model.entrySet()) {
      Expect e = m.getValue();
      byte[] actual;
      try {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.get(m.getKey(), out, null);
        actual = out.toByteArray();
      } catch (DfsException ex) {
        if (ex.status() == Status.ENOENT && e.acked == null) {
          e.inFlight = null;
          continue;
        }
        throw ex;
      }
      if (e.acked != null && Arrays.equals(actual, e.acked)) {
        e.inFlight = null;
      } else if (e.inFlight != null && Arrays.equals(actual, e.inFlight)) {
        e.acked = e.inFlight;
        e.inFlight = null;
      } else if (e.acked == null && actual.length == 0) {
        e.inFlight = null; // created, content never committed
        e.acked = actual;
      } else {
        fail(when + ": " + m.getKey() + " holds " + actual.length + " bytes that are neither the acknowledged "
            + (e.acked == null ? "(none)" : e.acked.length + " bytes") + " nor the in-flight "
            + (e.inFlight == null ? "(none)" : e.inFlight.length + " bytes") + " content");
      }
    }
  }
}
