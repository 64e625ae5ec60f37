package dev.dfs.vfs.fuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.dfs.client.Consistency;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two mounts (two clients) of one server: what one sees of the other's writes, per mode. */
@Timeout(120)
class FuseTwoMountsTest {
  @Test
  void oneCopyWritesAreVisibleAtOnce(@TempDir Path temp) throws Exception {
    try (FuseCell cell = new FuseCell(temp)) {
      Path a = cell.mount(Consistency.ONE_COPY).mountPoint();
      Path b = cell.mount(Consistency.ONE_COPY).mountPoint();
      FuseCell.sh(a, "echo v1 > f").ok();
      assertEquals("v1", FuseCell.sh(b, "cat f").ok().out().trim());
      FuseCell.sh(a, "echo v2 > f").ok();
      assertEquals("v2", FuseCell.sh(b, "cat f").ok().out().trim());
      // Before close: a write through an open descriptor is on the server when write() returns.
      String script = "exec 3>>" + a.resolve("f") + "; echo v3 >&3; cat " + b.resolve("f") + "; exec 3>&-";
      assertEquals("v2\nv3", FuseCell.sh(temp, script).ok().out().trim());
      // and a reader that holds the file open sees the other mount's new bytes on its next read
      String reader = "exec 4<" + b.resolve("f") + "; head -c 3 <&4 >/dev/null; echo v4 >> " + a.resolve("f")
          + "; cat <&4";
      assertEquals("v3\nv4", FuseCell.sh(temp, reader).ok().out().trim());
      FuseCell.sh(b, "mkdir d && echo in > d/x && mv d/x d/y").ok();
      assertEquals("in", FuseCell.sh(a, "cat d/y").ok().out().trim());
      assertEquals("1", FuseCell.sh(a, "ls d | wc -l").ok().out().trim());
    }
  }

  @Test
  void sessionWritesAreVisibleAfterClose(@TempDir Path temp) throws Exception {
    try (FuseCell cell = new FuseCell(temp)) {
      Path a = cell.mount(Consistency.SESSION).mountPoint();
      Path b = cell.mount(Consistency.SESSION).mountPoint();
      FuseCell.sh(a, "echo v1 > f").ok();
      assertEquals("v1", FuseCell.sh(b, "cat f").ok().out().trim());
      // While A holds the file open with new bytes, B still sees the last stored version; after
      // A's close, B's next open gets the new one. (A Java channel: a shell would close copies of
      // the descriptor, and each close(2) stores.)
      try (FileChannel ch = FileChannel.open(a.resolve("f"), StandardOpenOption.APPEND)) {
        ch.write(ByteBuffer.wrap("v2\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals("v1\n", Files.readString(b.resolve("f")));
        assertEquals("v1\nv2\n", Files.readString(a.resolve("f")), "the writer's own mount sees its writes");
      }
      assertEquals("v1\nv2\n", Files.readString(b.resolve("f")));
      FuseCell.sh(b, "echo from-b > g").ok();
      assertEquals("from-b", FuseCell.sh(a, "cat g").ok().out().trim());
      assertNotEquals("", FuseCell.sh(a, "ls").ok().out());
    }
  }
}
