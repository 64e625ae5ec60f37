package dev.dfs.server.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.protocol.Attr;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of a server process in the middle of writing: acknowledged work survives, the rest is invisible. */
class CrashRecoveryTest {
  @TempDir Path tmp;

  @Test
  void acknowledgedWritesSurviveKillNine() throws Exception {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "-cp", cp, CrashWriter.class.getName(), tmp.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    int lastAck = -1;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; lastAck < 25 && (line = out.readLine()) != null; ) {
        if (line.startsWith("ack ")) {
          lastAck = Integer.parseInt(line.substring(4));
        }
      }
      p.destroyForcibly(); // SIGKILL: no shutdown hooks, no close()
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
    assertTrue(lastAck >= 25, "child stopped early at ack " + lastAck);

    try (Fixture f = new Fixture(tmp)) {
      Attr data = f.lookup(f.root(), "data");
      int piece = CrashWriter.PIECE;
      assertTrue(data.size() >= (long) (lastAck + 1) * piece);
      byte[] all = f.readAll(data.fid());
      for (int i = 0; i <= lastAck; i++) {
        assertArrayEquals(Fixture.pattern(piece, i), Arrays.copyOfRange(all, i * piece, (i + 1) * piece), "piece " + i);
        f.lookup(f.root(), "f" + i);
        // the retried create is answered from the duplicate-request cache, not failed with EEXIST
        f.fs.execute(Caller.ROOT, new RequestKey("crash", i), new Request.Create(f.root(), "f" + i, 0644, true));
      }
      // at most one unacknowledged piece became visible, and then entirely
      long pieces = data.size() / piece;
      assertEquals(0, data.size() % piece);
      assertTrue(pieces <= lastAck + 2);
      for (int i = lastAck + 1; i < pieces; i++) {
        assertArrayEquals(Fixture.pattern(piece, i), Arrays.copyOfRange(all, i * piece, (i + 1) * piece));
      }
      assertTrue(((Reply.DirPage) f.run(new Request.ReadDir(f.root(), 0, 4096))).entries().size() >= lastAck + 2);
    }
  }
}
