package dev.dfs.migration.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.migration.policy.HostId;
import dev.dfs.migration.policy.JobId;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample task alone, on the local file system. */
class CounterTaskTest {
  @TempDir Path dir;

  private CounterTask task(String host, String... args) throws IOException {
    CounterTask t = new CounterTask();
    t.init(new TaskContext(new JobId("j"), new HostId(host), FileSystems.getDefault(), dir), args);
    return t;
  }

  @Test
  void restoringAnOlderCheckpointUndoesTheOutputWrittenSince() throws IOException {
    CounterTask first = task("a", "10", "64");
    for (int i = 0; i < 4; i++) {
      assertTrue(first.step());
    }
    byte[] state = first.checkpoint();
    for (int i = 0; i < 3; i++) {
      assertTrue(first.step()); // steps 4..6, lost with this "host"
    }
    first.close();

    CounterTask second = task("b", "10", "64");
    second.restore(state);
    int steps = 0;
    while (second.step()) {
      steps++;
    }
    second.close();
    assertEquals(5, steps); // steps 4..9, the last returning false
    List<String> lines = Files.readAllLines(dir.resolve("output.txt"));
    assertEquals(10, lines.size());
    long acc = 0;
    for (int i = 0; i < 10; i++) {
      acc = acc * 31 + i;
      assertEquals(i + " " + acc + " " + (i < 4 ? "a" : "b"), lines.get(i));
    }
    assertFalse(second.step());
  }

  @Test
  void stateHasThePayloadSizeAndBadArgumentsAreNamed() throws IOException {
    assertEquals(32 + (1 << 20), task("a", "1", Integer.toString(1 << 20)).checkpoint().length);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> task("a", "x"));
    assertTrue(e.getMessage().contains("'x'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> task("a", "1", "-5"));
    assertThrows(IOException.class, () -> task("a", "1").restore(new byte[3]));
  }
}
