package dev.dfs.server.volume;

import dev.dfs.protocol.Fid;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What a mutation did inside its write transaction, acted on after the commit. */
final class Effects {
  /** Chunk files of vnode (volume, vnode) that the commit stopped referencing. */
  record Garbage(long volume, long vnode, List<Long> chunkIds) {}

  final long now;
  final Set<Fid> changed = new LinkedHashSet<>();
  final List<Garbage> garbage = new ArrayList<>();

  Effects(long now) {
    this.now = now;
  }

  void changed(Vnode... vs) {
    for (Vnode v : vs) {
      changed.add(v.fid());
    }
  }

  void garbage(Vnode v, List<Long> ids) {
    if (!ids.isEmpty()) {
      garbage.add(new Garbage(v.volume, v.vnode, ids));
    }
  }
}
