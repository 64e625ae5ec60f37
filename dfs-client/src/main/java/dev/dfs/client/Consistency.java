package dev.dfs.client;

/**
 * What a client promises about the visibility of writes, chosen per client (and so per mount).
 */
public enum Consistency {
  /**
   * AFS session semantics: open fetches the whole file unless a valid callback covers the cached
   * copy; reads and writes go to the local copy; close stores a modified file back; others see it
   * at their next open. Last close wins.
   */
  SESSION,
  /**
   * Unix (one-copy) semantics: a write is on the server before write() returns, and a read on
   * any client returns the latest acknowledged write. Cached data is used only under a callback
   * that the server breaks before it acknowledges a conflicting write.
   */
  ONE_COPY,
  /**
   * NFS-style stateless access: requests on file handles with offsets, no callbacks, an
   * attribute cache with bounded lifetimes, close-to-open revalidation, and transparent retry
   * across server restarts.
   */
  STATELESS;

  /** Parses {@code session}, {@code one-copy} or {@code stateless} (as typed on a command line). */
  public static Consistency parse(String text) {
    switch (text.toLowerCase(java.util.Locale.ROOT).replace('_', '-')) {
      case "session":
        return SESSION;
      case "one-copy":
      case "onecopy":
        return ONE_COPY;
      case "stateless":
        return STATELESS;
      default:
        throw new IllegalArgumentException("unknown mode '" + text + "': use session, one-copy or stateless");
    }
  }

  /** The form {@link #parse} accepts. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
