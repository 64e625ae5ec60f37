/**
 * The project's own property-based testing harness, on JUnit 5: {@link
 * dev.dfs.testkit.property.Gen} (generators with shrinking), {@link
 * dev.dfs.testkit.property.Property} (a property over random values) and {@link
 * dev.dfs.testkit.property.StateMachine} with {@link dev.dfs.testkit.property.Action}
 * (model-based tests of stateful systems). Runs are deterministic: the seed comes from
 * {@code -Ddfs.seed} or a fixed default, and every failure report names it.
 */
package dev.dfs.testkit.property;
