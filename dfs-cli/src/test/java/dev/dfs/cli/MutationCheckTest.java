package dev.dfs.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves that the durability test can fail: against a server that acknowledges a write before
 * it commits it ({@code -Ddfs.mutation=ack-before-commit}), killing the server loses
 * acknowledged writes, and {@link KillDuringStoreTest}'s scenario must notice.
 */
class MutationCheckTest {
  @TempDir Path data;

  @Test
  void theKillTestCatchesAServerThatAcknowledgesBeforeItCommits() {
    AssertionError e = assertThrows(AssertionError.class,
        () -> KillDuringStoreTest.killRepeatedly(data, KillDuringStoreTest.ROUNDS, "dfs.mutation=ack-before-commit"));
    assertTrue(e.getMessage().contains("neither the acknowledged"), "failed for the right reason: " + e.getMessage());
  }
}
