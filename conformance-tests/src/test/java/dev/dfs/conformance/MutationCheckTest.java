package dev.dfs.conformance;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dfs.client.Consistency;
import dev.dfs.server.fault.Mutation;
import dev.dfs.testkit.property.PropertyFailure;
import org.junit.jupiter.api.Test;

/**
 * Proves the mode suites can fail: against a server that does not break callbacks, both
 * callback-based modes must be caught serving stale data.
 */
class MutationCheckTest {

  static ClientsConformance broken(Consistency mode) {
    return new ClientsConformance() {
      @Override
      Consistency mode() {
        return mode;
      }

      @Override
      Mutation mutation() {
        return Mutation.NO_CALLBACK_BREAKS;
      }

      @Override
      int tries() {
        return 60; // the suite stops at the first failure, so this costs little when it works
      }
    };
  }

  @Test
  void theOneCopySuiteCatchesMissingCallbackBreaks() {
    assertThrows(PropertyFailure.class, () -> broken(Consistency.ONE_COPY).everyReadSeesWhatTheModePromises());
  }

  @Test
  void theSessionSuiteCatchesMissingCallbackBreaks() {
    assertThrows(PropertyFailure.class, () -> broken(Consistency.SESSION).everyReadSeesWhatTheModePromises());
  }
}
