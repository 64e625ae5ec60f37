package dev.dfs.conformance;

import dev.dfs.client.Consistency;
import org.junit.jupiter.api.Nested;

/** {@link ClientsConformance} for each consistency mode. */
class ModesConformanceTest {
  @Nested
  class Session extends ClientsConformance {
    @Override
    Consistency mode() {
      return Consistency.SESSION;
    }
  }

  @Nested
  class OneCopy extends ClientsConformance {
    @Override
    Consistency mode() {
      return Consistency.ONE_COPY;
    }
  }

  @Nested
  class Stateless extends ClientsConformance {
    @Override
    Consistency mode() {
      return Consistency.STATELESS;
    }
  }
}
