/**
 * A reference model of a POSIX file system tree and the pieces of differential tests built on it:
 * {@link dev.dfs.testkit.fs.FsModel} (the immutable model), {@link dev.dfs.testkit.fs.FsTarget}
 * (what operations run on, with {@link dev.dfs.testkit.fs.ModelTarget} and
 * {@link dev.dfs.testkit.fs.NioTarget}), {@link dev.dfs.testkit.fs.FsOp} (operations as values)
 * and {@link dev.dfs.testkit.fs.FsOps} (their generators and the checking action for
 * {@link dev.dfs.testkit.property.StateMachine}). Outcomes are {@link dev.dfs.testkit.fs.Errno}s.
 */
package dev.dfs.testkit.fs;
