package dev.dfs.migration.policy;

import java.util.Optional;

/**
 * When a host shares its load with the others (the <em>information policy</em> of the classic
 * decomposition). Three kinds, after the seed notes:
 *
 * <ul>
 *   <li><b>periodic</b>: every host broadcasts its load every period, changed or not;
 *   <li><b>state-change driven</b> (V-System): "if a system saw any significant changes in load
 *       (memory utilization or CPU utilization), it broadcast its load information to all
 *       nodes" — here, a change of at least a threshold since the last broadcast;
 *   <li><b>on demand</b>: nothing is broadcast; a deciding host polls the others when it needs
 *       their state (always fresh, but a message per host per decision).
 * </ul>
 *
 * A host agent calls {@link #onTimer} every {@link #periodMillis} and {@link #onChange} after
 * every local state change (job started, finished, moved; owner came or went), and broadcasts
 * when either returns true.
 */
public interface InformationPolicy {

  /** A short name for reports, e.g. {@code periodic(1s)}. */
  String name();

  /** How often {@link #onTimer} is called; 0 for never. */
  long periodMillis();

  /** At a timer tick: broadcast {@code current}? {@code lastSent} is empty before the first one. */
  boolean onTimer(Optional<HostLoad> lastSent, HostLoad current);

  /** After a local state change: broadcast {@code current}? */
  boolean onChange(Optional<HostLoad> lastSent, HostLoad current);

  /** Whether deciding hosts must poll the others for every decision (no broadcast view). */
  boolean onDemand();
}
