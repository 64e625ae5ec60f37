package dev.dfs.testkit.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FsOpsTest {

  /** Runs generated sequences on the model and counts what happens. */
  private static Map<Errno, Integer> outcomes(long seed, int sequences, int steps, Map<String, Integer> kinds) {
    Map<Errno, Integer> out = new EnumMap<>(Errno.class);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < sequences; i++) {
      FsModel m = FsModel.empty();
      for (int s = 0; s < steps; s++) {
        FsOp op = FsOps.ops(m).generate(random, 50);
        FsOp.Expected e = op.expect(m);
        out.merge(e.result().errno(), 1, Integer::sum);
        kinds.merge(op.getClass().getSimpleName() + " " + e.result().errno(), 1, Integer::sum);
        m = e.model();
      }
    }
    return out;
  }

  @Test
  void sequencesReachEveryInterestingOutcome() {
    Map<String, Integer> kinds = new TreeMap<>();
    Map<Errno, Integer> out = outcomes(1, 200, 50, kinds);
    for (Errno e : List.of(Errno.OK, Errno.ENOENT, Errno.EEXIST, Errno.ENOTDIR, Errno.EISDIR, Errno.ENOTEMPTY,
        Errno.EINVAL, Errno.ELOOP, Errno.EPERM, Errno.EBUSY)) {
      assertTrue(out.getOrDefault(e, 0) > 0, e + " never happens: " + kinds);
    }
    int total = out.values().stream().mapToInt(Integer::intValue).sum();
    assertTrue(out.get(Errno.OK) > total * 2 / 5, "mostly failing operations: " + out);
    for (String k : List.of("Rename OK", "Link OK", "Symlink OK", "Write OK", "Rmdir OK", "Unlink OK",
        "Truncate OK", "Create OK", "Mkdir OK", "Readlink OK", "ListDir OK", "Read OK", "Chmod OK")) {
      assertTrue(kinds.getOrDefault(k, 0) > 10, k + " is rare: " + kinds);
    }
  }

  @Test
  void generationIsDeterministic() {
    FsModel m = FsModel.empty().mkdir("/a", 0755).model().create("/a/b", 0644, true).model();
    assertEquals(FsOps.ops(m).samples(42, 50).toString(), FsOps.ops(m).samples(42, 50).toString());
  }

  @Test
  void operationsPrintReadably() {
    assertEquals("mkdir /a 0755", new FsOp.Mkdir("/a", 0755).toString());
    assertEquals("create-excl /a 0644", new FsOp.Create("/a", 0644, true).toString());
    assertEquals("write /a @3 \"x\\x00\" (2 bytes)", new FsOp.Write("/a", 3, new byte[] {'x', 0}).toString());
    assertEquals("rename /a /b/c", new FsOp.Rename("/a", "/b/c").toString());
    assertEquals("symlink \"../x\" /l", new FsOp.Symlink("../x", "/l").toString());
    assertEquals(new FsOp.Write("/a", 0, "xy".getBytes(StandardCharsets.US_ASCII)),
        new FsOp.Write("/a", 0, "xy".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void writeRecordsAreImmutable() {
    byte[] data = {1, 2};
    FsOp.Write w = new FsOp.Write("/a", 0, data);
    data[0] = 9;
    w.data()[1] = 9;
    assertEquals("write /a @0 \"\\x01\\x02\" (2 bytes)", w.toString());
  }

  @Test
  void checkFailsOnADifferentResult() {
    ModelTarget wrong = new ModelTarget(FsModel.empty().mkdir("/a", 0755).model());
    FsOps.Check check = new FsOps.Check(new FsOp.Mkdir("/a", 0755));
    AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
        () -> check.run(FsModel.empty(), wrong));
    assertTrue(e.getMessage().contains("mkdir /a 0755"), e.getMessage());
    assertEquals("mkdir /a 0755", check.toString());
    List<String> seen = new ArrayList<>(FsModel.empty().paths());
    assertEquals(List.of("/"), seen);
  }
}
