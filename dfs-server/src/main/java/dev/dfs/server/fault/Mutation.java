package dev.dfs.server.fault;

import java.util.Locale;

/**
 * Deliberate bugs, for proving that the conformance suites can fail: each one breaks one
 * guarantee, and the suite that checks that guarantee must catch it. Never set in production;
 * chosen with {@code -Ddfs.mutation=NAME} (e.g. {@code no-callback-breaks}) or the server
 * configuration, and announced loudly in the log when on.
 */
public enum Mutation {
  /** The server behaves correctly. */
  NONE,
  /** Changes do not break other clients' callback promises (their caches go stale). */
  NO_CALLBACK_BREAKS,
  /** A write or store is acknowledged first and applied 200 ms later (lost if the server dies then). */
  ACK_BEFORE_COMMIT;

  /** The property that selects a mutation. */
  public static final String PROPERTY = "dfs.mutation";

  /** Parses {@code no-callback-breaks} or {@code NO_CALLBACK_BREAKS}; blank means NONE. */
  public static Mutation parse(String text) {
    if (text == null || text.isBlank()) {
      return NONE;
    }
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown " + PROPERTY + " '" + text + "'; known: none, no-callback-breaks, "
          + "ack-before-commit");
    }
  }

  /** The form {@link #parse} accepts and the log shows. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
