package dev.dfs.conformance;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A linearizability checker for one register (one file's whole content), after Wing and Gong
 * with Lowe's memoisation: a history is linearizable if its operations can be put in an order
 * that respects real time (an operation that completed before another was invoked comes first)
 * and in which every read returns the value of the latest write before it.
 */
final class Linearizability {
  private Linearizability() {}

  /** One completed operation: a write of {@code value}, or a read that returned {@code value}. */
  record Op(int client, boolean write, String value, long invokedNanos, long completedNanos) {
    @Override
    public String toString() {
      return "client " + client + (write ? " wrote " : " read ") + "'" + value + "' during [" + invokedNanos / 1000
          + ", " + completedNanos / 1000 + "] us";
    }
  }

  /** Null if the history is linearizable from {@code initial}, else a description of why not. */
  static String check(List<Op> history, String initial) {
    List<Op> ops = new ArrayList<>(history);
    ops.sort((a, b) -> Long.compare(a.invokedNanos, b.invokedNanos));
    Set<State> seen = new HashSet<>();
    if (search(ops, new BitSet(), initial, seen)) {
      return null;
    }
    StringBuilder why = new StringBuilder("no order of these " + ops.size() + " operations explains the reads:\n");
    ops.forEach(o -> why.append("  ").append(o).append('\n'));
    return why.toString();
  }

  private record State(BitSet done, String value) {}

  private static boolean search(List<Op> ops, BitSet done, String value, Set<State> seen) {
    if (done.cardinality() == ops.size()) {
      return true;
    }
    if (!seen.add(new State((BitSet) done.clone(), value))) {
      return false;
    }
    // The earliest completion among pending operations bounds which ones may go next.
    long horizon = Long.MAX_VALUE;
    for (int i = done.nextClearBit(0); i < ops.size(); i = done.nextClearBit(i + 1)) {
      horizon = Math.min(horizon, ops.get(i).completedNanos);
    }
    for (int i = done.nextClearBit(0); i < ops.size(); i = done.nextClearBit(i + 1)) {
      Op op = ops.get(i);
      if (op.invokedNanos > horizon) {
        break; // sorted by invocation: no later one can go first either
      }
      if (!op.write && !Objects.equals(op.value, value)) {
        continue;
      }
      done.set(i);
      boolean ok = search(ops, done, op.write ? op.value : value, seen);
      done.clear(i);
      if (ok) {
        return true;
      }
    }
    return false;
  }
}
