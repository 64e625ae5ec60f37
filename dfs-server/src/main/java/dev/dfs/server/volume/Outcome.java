package dev.dfs.server.volume;

import dev.dfs.protocol.Fid;
import dev.dfs.protocol.Reply;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link FileService#execute} returns: the reply, and the FIDs whose data or attributes
 * changed (directories whose entries changed included; for remove and rename the removed or
 * replaced object too), so that the caller can break other clients' callbacks. Empty for reads
 * and for replies served from the duplicate-request cache.
 */
public record Outcome(Reply reply, Set<Fid> changed) {
  public Outcome {
    Objects.requireNonNull(reply, "reply");
    changed = Set.copyOf(changed);
  }

  static Outcome read(Reply reply) {
    return new Outcome(reply, Set.of());
  }
}
