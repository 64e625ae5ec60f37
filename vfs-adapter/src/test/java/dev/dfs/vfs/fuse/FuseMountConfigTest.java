package dev.dfs.vfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.client.Consistency;
import dev.dfs.vfs.DfsFileSystems;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration checks each value at once; the lifecycle of a real mount. */
class FuseMountConfigTest {
  @Test
  void optionsFollowTheMode(@TempDir Path temp) throws Exception {
    try (FuseCell cell = new FuseCell(temp)) {
      FileSystem fs = DfsFileSystems.wrap(cell.client(Consistency.ONE_COPY), 0);
      FuseMount.Config oneCopy = FuseMount.Config.builder(temp, fs, Consistency.ONE_COPY).build();
      String o = oneCopy.fuseOptions().get(1);
      assertEquals("-o", oneCopy.fuseOptions().get(0));
      assertTrue(o.contains("direct_io") && o.contains("attr_timeout=0") && o.contains("default_permissions"), o);
      assertFalse(o.contains("allow_other"), o);
      FuseMount.Config session = FuseMount.Config.builder(temp, fs, Consistency.SESSION)
          .attrTimeout(Duration.ofMillis(500)).allowOther(true).option("max_read=65536").build();
      String s = session.fuseOptions().get(1);
      assertTrue(s.contains("attr_timeout=0.500") && s.contains("allow_other") && s.endsWith(",max_read=65536"), s);
      assertFalse(s.contains("direct_io"), s);
      assertThrows(IllegalArgumentException.class, () -> FuseMount.Config.builder(temp, fs, Consistency.SESSION)
          .attrTimeout(Duration.ofSeconds(-1)));
      assertThrows(IllegalArgumentException.class, () -> FuseMount.Config.builder(temp, fs, Consistency.SESSION)
          .option("a,b"));
      assertThrows(IllegalArgumentException.class, () -> FuseMount.Config.builder(temp, fs, Consistency.SESSION)
          .fsName("has space"));
      assertThrows(IllegalArgumentException.class, () -> FuseMount.Config.builder(temp,
          FileSystems.getDefault(), Consistency.SESSION));
    }
  }

  @Test
  void closeUnmountsOnceAndAnOutsideUnmountCloses(@TempDir Path temp) throws Exception {
    try (FuseCell cell = new FuseCell(temp)) {
      FuseMount m = cell.mount(Consistency.SESSION);
      assertEquals(FuseMount.State.MOUNTED, m.state());
      assertTrue(FuseMount.isMounted(m.mountPoint()));
      Files.writeString(m.mountPoint().resolve("f"), "x");
      m.close();
      m.close(); // idempotent
      assertEquals(FuseMount.State.CLOSED, m.state());
      assertFalse(FuseMount.isMounted(m.mountPoint()));
      assertEquals(List.of(), List.of(m.mountPoint().toFile().list()));
      var e = assertThrows(java.io.IOException.class, () -> FuseMount.unmount(m.mountPoint()));
      assertTrue(e.getMessage().startsWith("not a FUSE mount point"), e.getMessage());

      FuseMount other = cell.mount(Consistency.SESSION);
      assertEquals("x", Files.readString(other.mountPoint().resolve("f")));
      FuseMount.unmount(other.mountPoint()); // as `dfs umount` does
      assertTrue(other.awaitClosed(Duration.ofSeconds(20)));
      assertEquals(FuseMount.State.CLOSED, other.state());
      var busy = assertThrows(java.io.IOException.class, () -> FuseMount.mount(
          FuseMount.Config.builder(temp.resolve("server"), cell.client(Consistency.SESSION)).build()));
      assertTrue(busy.getMessage().contains("not empty"), busy.getMessage());
    }
  }
}
