/**
 * Network fault injection for tests: {@link dev.dfs.testkit.net.FaultProxy}, a loopback TCP proxy
 * that delays, holds, cuts, refuses or blackholes traffic on command.
 */
package dev.dfs.testkit.net;
