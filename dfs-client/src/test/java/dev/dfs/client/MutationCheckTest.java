package dev.dfs.client;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dfs.server.fault.Mutation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** Proves the one-copy test can fail: with callback breaks switched off, a reader goes stale. */
class MutationCheckTest {
  @TempDir Path data;

  @Test
  void oneCopyReadAfterWriteCatchesAServerThatDoesNotBreakCallbacks() {
    try (Clients cell = new Clients(data, Mutation.NO_CALLBACK_BREAKS)) {
      assertThrows(AssertionFailedError.class, () -> ConsistencyModesTest.readAfterWriteScenario(cell));
    }
  }
}
