package dev.dfs.testkit.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dfs.testkit.property.Action;
import dev.dfs.testkit.property.Gen;
import dev.dfs.testkit.property.StateMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Generators of {@link FsOp}s for model-based tests, and the {@link Action} that checks one
 * operation on an {@link FsTarget} against the {@link FsModel}.
 *
 * <pre>{@code
 * StateMachine.of(FsModel::empty, () -> new NioTarget(freshDir()), FsOps::actions)
 *     .invariant(FsOps.sameTree())
 *     .check();
 * }</pre>
 *
 * <p>Operations are biased toward paths that exist in the model, their children and a few
 * random paths over the names {@code a b c d}, so that collisions, replacements, ENOTDIR and
 * symbolic link traversals are common. Modes always keep the owner's read and write (and search
 * on directories), since the model does not check permissions. Symbolic link targets are
 * absolute paths, single names or ".", never "..", so that a link cannot leave a target's root.
 */
public final class FsOps {
  /** The names paths are made of: few, so that operations collide. */
  public static final List<String> NAMES = List.of("a", "b", "c", "d");

  private FsOps() {}

  /** Operations for the model state {@code model}. */
  public static Gen<FsOp> ops(FsModel model) {
    List<String> all = new ArrayList<>();
    List<String> dirs = new ArrayList<>();
    List<String> files = new ArrayList<>();
    List<String> links = new ArrayList<>();
    for (String p : model.paths()) {
      Stat.Type type = model.stat(p).value().type();
      (type == Stat.Type.DIRECTORY ? dirs : type == Stat.Type.REGULAR ? files : links).add(p);
      if (!p.equals("/")) {
        all.add(p);
      }
    }
    Gen<String> name = Gen.elements(NAMES);
    Gen<String> root = Gen.constant("/");
    Gen<String> existing = all.isEmpty() ? root : Gen.frequency(Gen.weight(20, Gen.elements(all)), Gen.weight(1, root));
    Gen<String> child = Gen.frequency(Gen.weight(4, Gen.elements(dirs)), Gen.weight(1, existing))
        .flatMap(parent -> name.map(n -> join(parent, n)));
    Gen<String> random = Gen.lists(name, 1, 3).map(names -> "/" + String.join("/", names));
    Gen<String> path = Gen.frequency(Gen.weight(5, existing), Gen.weight(4, child), Gen.weight(1, random));
    Gen<String> fresh = Gen.frequency(Gen.weight(4, child), Gen.weight(1, random), Gen.weight(1, existing));
    Gen<String> file = typed(files, path);
    Gen<String> dir = typed(dirs.stream().filter(d -> !d.equals("/")).toList(), path);
    List<String> names = new ArrayList<>(files);
    names.addAll(links);
    Gen<String> nonDir = typed(names, path);
    Gen<Integer> dirMode = Gen.ints(0, 077).map(m -> 0700 | m);
    Gen<Integer> fileMode = Gen.ints(0, 0177).map(m -> 0600 | m);
    Gen<String> target = Gen.frequency(Gen.weight(4, existing), Gen.weight(2, name), Gen.weight(1, random),
        Gen.weight(1, Gen.constant(".")));
    Gen<byte[]> data = Gen.bytes(0, 12);
    return Gen.frequency(
        Gen.weight(4, fresh.flatMap(p -> dirMode.map(m -> new FsOp.Mkdir(p, m)))),
        Gen.weight(4, fresh.flatMap(p -> fileMode.flatMap(m -> Gen.booleans().map(x -> new FsOp.Create(p, m, x))))),
        Gen.weight(4, file.flatMap(p -> Gen.ints(0, 24).flatMap(o -> data.map(d -> new FsOp.Write(p, o, d))))),
        Gen.weight(2, file.flatMap(p -> Gen.ints(0, 32).map(s -> new FsOp.Truncate(p, s)))),
        Gen.weight(2, file.map(FsOp.Read::new)),
        Gen.weight(2, nonDir.map(FsOp.Unlink::new)),
        Gen.weight(2, dir.map(FsOp.Rmdir::new)),
        Gen.weight(4, path.flatMap(p -> fresh.map(q -> new FsOp.Rename(p, q)))),
        Gen.weight(2, nonDir.flatMap(p -> fresh.map(q -> new FsOp.Link(p, q)))),
        Gen.weight(2, fresh.flatMap(p -> Gen.frequency(Gen.weight(6, target), Gen.weight(1, Gen.constant(p)))
            .map(t -> new FsOp.Symlink(t, p)))),
        Gen.weight(1, typed(links, path).map(FsOp.Readlink::new)),
        Gen.weight(1, dir.map(FsOp.ListDir::new)),
        Gen.weight(1, path.map(FsOp.Lstat::new)),
        Gen.weight(1, path.flatMap(p -> dirMode.map(m -> new FsOp.Chmod(p, m)))));
  }

  /** {@link #ops} as actions that check each result against the model; see {@link Check}. */
  public static Gen<Action<FsModel, FsTarget>> actions(FsModel model) {
    return ops(model).map(Check::new);
  }

  /** An invariant: the target's whole tree ({@link FsTarget#snapshot}) equals the model's. */
  public static StateMachine.Invariant<FsModel, FsTarget> sameTree() {
    return (model, target) -> assertEquals(new ModelTarget(model).snapshot(), target.snapshot(),
        "tree of " + target);
  }

  /**
   * Runs one operation on the system under test and fails unless its result equals the model's;
   * the next model state is the model's. Prints as the operation.
   *
   * @param op the operation
   */
  public record Check(FsOp op) implements Action<FsModel, FsTarget> {
    /** Checks the operation is present. */
    public Check {
      Objects.requireNonNull(op, "op");
    }

    @Override
    public FsModel run(FsModel model, FsTarget target) {
      FsOp.Expected expected = op.expect(model);
      assertEquals(expected.result(), op.apply(target), () -> op + " on " + target);
      return expected.model();
    }

    @Override
    public String toString() {
      return op.toString();
    }
  }

  /** Mostly one of {@code paths} (those of one type), else any path. */
  private static Gen<String> typed(List<String> paths, Gen<String> any) {
    return paths.isEmpty() ? any : Gen.frequency(Gen.weight(3, Gen.elements(List.copyOf(paths))), Gen.weight(1, any));
  }

  private static String join(String parent, String name) {
    return parent.equals("/") ? "/" + name : parent + "/" + name;
  }
}
