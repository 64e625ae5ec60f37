package dev.dfs.server.volume;

import java.util.Objects;

/**
 * Identifies a request for the duplicate-request cache. {@code clientId} is stable across
 * reconnections and server restarts, so a request retried after either is recognised.
 */
public record RequestKey(String clientId, long requestId) {
  public RequestKey {
    Objects.requireNonNull(clientId, "clientId");
  }
}
