package dev.dfs.server.volume;

import static dev.dfs.server.volume.Fixture.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.protocol.Attr;
import dev.dfs.protocol.Fid;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import dev.dfs.protocol.Status;
import dev.dfs.protocol.VolumeInfo;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VolumeTest {
  @TempDir Path tmp;
  Fixture f;
  Fid root;

  @BeforeEach
  void setUp() {
    f = new Fixture(tmp);
    root = f.root();
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void rootVolumeExists() {
    VolumeInfo v = ((Reply.Volume) f.run(new Request.VolLookup("root"))).volume();
    assertEquals(root, v.root());
    assertEquals("vice.test:7000", v.server());
    fails(Status.ENOENT, () -> f.run(new Request.VolLookup("nope")));
  }

  @Test
  void createMountAndCrossTransparently() {
    Attr mnt = f.mkdir(root, "vols");
    Outcome o = f.fs.execute(Fixture.ROOT, null, new Request.VolCreate("home", mnt.fid(), "home"));
    VolumeInfo v = ((Reply.Volume) o.reply()).volume();
    assertTrue(o.changed().contains(mnt.fid()));
    assertTrue(v.id() != root.volume());
    Attr vr = f.lookup(mnt.fid(), "home");
    assertEquals(v.root(), vr.fid());
    Attr file = f.create(vr.fid(), "inside");
    assertEquals(v.id(), file.fid().volume());
    assertEquals(2, ((Reply.Volumes) f.run(new Request.VolList())).volumes().size());
    assertEquals(v, ((Reply.Volume) f.run(new Request.VolLookup("home"))).volume());
    // Unmounted volume
    VolumeInfo w = ((Reply.Volume) f.run(new Request.VolCreate("scratch", null, null))).volume();
    assertEquals(3, ((Reply.Volumes) f.run(new Request.VolList())).volumes().size());
    fails(Status.EEXIST, () -> f.run(new Request.VolCreate("home", null, null)));
    fails(Status.EEXIST, () -> f.run(new Request.VolCreate("other", mnt.fid(), "home")));
    fails(Status.EINVAL, () -> f.run(new Request.VolCreate("bad/name", null, null)));
    fails(Status.EINVAL, () -> f.run(new Request.VolCreate("half", mnt.fid(), null)));
    // Cross-volume operations
    Attr top = f.create(root, "top");
    fails(Status.EXDEV, () -> f.run(new Request.Rename(root, "top", vr.fid(), "top")));
    fails(Status.EXDEV, () -> f.run(new Request.Link(top.fid(), vr.fid(), "top")));
    fails(Status.EXDEV, () -> f.run(new Request.Link(file.fid(), root, "x")));
    // A mount point cannot be removed like a directory
    fails(Status.EBUSY, () -> f.run(new Request.Rmdir(mnt.fid(), "home")));
    fails(Status.EISDIR, () -> f.run(new Request.Remove(mnt.fid(), "home")));
    Reply.FsStat st = (Reply.FsStat) f.run(new Request.Statfs(w.id()));
    assertTrue(st.totalBytes() > 0 && st.availableBytes() > 0 && st.freeBytes() > 0);
    assertEquals(6, st.files()); // three volume roots, vols, inside, top
    fails(Status.ESTALE, () -> f.run(new Request.Statfs(12345)));
    fails(Status.ESTALE, () -> f.attr(new Fid(12345, 1, 1)));
  }

  @Test
  void volumesSurviveRestart() {
    VolumeInfo v = ((Reply.Volume) f.run(new Request.VolCreate("proj", root, "proj"))).volume();
    f.reopen();
    assertEquals(v, ((Reply.Volume) f.run(new Request.VolLookup("proj"))).volume());
    assertEquals(v.root(), f.lookup(root, "proj").fid());
  }
}
