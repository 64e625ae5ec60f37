package dev.dfs.vfs.sftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.client.DfsClient;
import dev.dfs.protocol.Attr;
import dev.dfs.vfs.DfsFileSystems;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.fs.SftpFileSystem;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway with the real OpenSSH {@code sftp} client in batch mode, and its security edges. */
class OpenSshSftpTest {
  static SftpTestCell cell;
  static FileSystem dfs;
  @TempDir Path local;

  @BeforeAll
  static void start(@TempDir Path temp) throws Exception {
    Assumptions.assumeTrue(SftpTestCell.hasProgram("ssh-keygen"), "no ssh-keygen on PATH");
    cell = new SftpTestCell(temp);
    dfs = DfsFileSystems.wrap(cell.client);
  }

  @AfterAll
  static void stop() throws Exception {
    if (cell != null) {
      dfs.close();
      cell.close();
    }
  }

  private SftpTestCell.Run sftp(Path key, List<String> extra, String... batch) throws IOException {
    Path b = Files.write(local.resolve("batch-" + System.nanoTime()), List.of(batch));
    List<String> cmd = new ArrayList<>(List.of("sftp", "-b", b.toString(), "-P", Integer.toString(cell.gateway.address().getPort())));
    cmd.addAll(SftpTestCell.sshOptions(key));
    cmd.addAll(extra);
    cmd.add("tester@127.0.0.1");
    return SftpTestCell.run(local, cmd);
  }

  private SftpTestCell.Run sftp(String... batch) throws IOException {
    return sftp(cell.key, List.of(), batch);
  }

  @Test
  void putGetLsMkdirRenameRmSymlinkAndHardLink() throws IOException {
    Assumptions.assumeTrue(SftpTestCell.hasProgram("sftp"), "no OpenSSH sftp client on PATH");
    byte[] content = new byte[300_000];
    new java.util.Random(7).nextBytes(content);
    Files.write(local.resolve("up.bin"), content);
    SftpTestCell.Run r = sftp(
        "mkdir /docs",
        "put up.bin /docs/a.bin",
        "ls -l /docs",
        "rename /docs/a.bin /docs/b.bin",
        "symlink b.bin /docs/s",
        "ln /docs/b.bin /docs/h",
        "get /docs/s down.bin",
        "mkdir /docs/gone",
        "rmdir /docs/gone",
        "put up.bin /docs/tmp",
        "rm /docs/tmp",
        "ls -1 /docs");
    assertEquals(0, r.code(), r.out());
    assertTrue(r.out().contains("a.bin"), r.out());
    Files.readAllBytes(local.resolve("down.bin"));
    assertEquals(java.util.Arrays.hashCode(content), java.util.Arrays.hashCode(Files.readAllBytes(local.resolve("down.bin"))));
    DfsClient c = cell.client;
    Attr b = c.stat("/docs/b.bin");
    assertEquals(content.length, b.size());
    assertEquals(2, b.nlink());
    assertEquals(c.config().uid(), b.uid()); // every session acts as the client's identity
    assertEquals(b.fid(), c.stat("/docs/h").fid());
    assertTrue(c.stat("/docs/s").isSymlink());
    assertEquals("b.bin", c.readlink("/docs/s"));
    assertThrows(RuntimeException.class, () -> c.stat("/docs/a.bin"));
    assertThrows(RuntimeException.class, () -> c.stat("/docs/tmp"));
    assertThrows(RuntimeException.class, () -> c.stat("/docs/gone"));
    assertTrue(Files.exists(dfs.getPath("/docs/b.bin")));
  }

  @Test
  void errorsReachTheClient() throws IOException {
    Assumptions.assumeTrue(SftpTestCell.hasProgram("sftp"), "no OpenSSH sftp client on PATH");
    Files.createDirectories(dfs.getPath("/err/full"));
    Files.writeString(dfs.getPath("/err/full/f"), "x");
    SftpTestCell.Run r = sftp("rmdir /err/full");
    assertNotEquals(0, r.code());
    assertTrue(r.out().contains("Failure") || r.out().contains("failure"), r.out()); // v3: ENOTEMPTY is "failure"
    r = sftp("get /err/none x");
    assertNotEquals(0, r.code());
    assertTrue(r.out().contains("not found"), r.out());
    r = sftp("mkdir /err/full");
    assertNotEquals(0, r.code());
    assertTrue(r.out().toLowerCase(java.util.Locale.ROOT).contains("failure"), r.out());
  }

  @Test
  void wrongKeyAndPasswordsAreRefused() throws IOException {
    Assumptions.assumeTrue(SftpTestCell.hasProgram("sftp"), "no OpenSSH sftp client on PATH");
    Path other = local.resolve("id_other");
    SftpTestCell.keygen(other);
    SftpTestCell.Run r = sftp(other, List.of(), "ls /");
    assertNotEquals(0, r.code());
    assertTrue(r.out().contains("Permission denied"), r.out());
    r = sftp(other, List.of("-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password,keyboard-interactive"), "ls /");
    assertNotEquals(0, r.code());
    assertTrue(r.out().contains("Permission denied"), r.out());
  }

  @Test
  void hostilePathsStayInside() throws Exception {
    Assumptions.assumeTrue(SftpTestCell.hasProgram("sftp"), "no OpenSSH sftp client on PATH");
    SftpTestCell.Run r = sftp("get ../../etc/passwd stolen1", "get /../../../etc/passwd stolen2");
    assertNotEquals(0, r.code());
    assertFalse(Files.exists(local.resolve("stolen1")));
    r = sftp("get /../../../etc/passwd stolen2");
    assertNotEquals(0, r.code());
    assertFalse(Files.exists(local.resolve("stolen2")));
    // An absolute symlink target means the exported tree, not the gateway host.
    r = sftp("symlink /etc/passwd /abs", "get /abs stolen3");
    assertNotEquals(0, r.code());
    assertFalse(Files.exists(local.resolve("stolen3")));
    assertEquals("/etc/passwd", cell.client.readlink("/abs"));
    // '..' above the root stays at the root: this writes /escaped.txt of the DFS.
    Files.writeString(local.resolve("x.txt"), "x");
    assertEquals(0, sftp("put x.txt ../../../escaped.txt").code());
    assertEquals("x", Files.readString(dfs.getPath("/escaped.txt")));
    // NUL in a name: refused with a status, not a crash.
    try (FileSystem fs = cell.sftpFileSystem()) {
      SftpClient raw = ((SftpFileSystem) fs).getClient();
      SftpException e = assertThrows(SftpException.class, () -> raw.stat("/a\0b"));
      assertEquals(SftpConstants.SSH_FX_INVALID_FILENAME, e.getStatus());
    }
  }

  @Test
  void aSubdirectoryExportKeepsLinksInside() throws Exception {
    Files.createDirectories(dfs.getPath("/export/sub"));
    Files.writeString(dfs.getPath("/export/in.txt"), "in");
    Files.writeString(dfs.getPath("/secret.txt"), "secret");
    Files.createSymbolicLink(dfs.getPath("/export/abs"), dfs.getPath("/secret.txt"));
    Files.createSymbolicLink(dfs.getPath("/export/rel"), dfs.getPath("../secret.txt"));
    Files.createSymbolicLink(dfs.getPath("/export/up"), dfs.getPath(".."));
    Files.createSymbolicLink(dfs.getPath("/export/sub/ok"), dfs.getPath("../in.txt"));
    try (SftpGateway g = SftpGateway.start(cell.config().root("/export").build());
        FileSystem fs = cell.sftpFileSystem(g.address())) {
      SftpClient raw = ((SftpFileSystem) fs).getClient();
      assertEquals("in", Files.readString(fs.getPath("/in.txt")));
      assertEquals("in", Files.readString(fs.getPath("/sub/ok"))); // a relative link that stays inside
      for (String p : List.of("/abs", "/rel", "/up/secret.txt")) {
        SftpException e = assertThrows(SftpException.class, () -> raw.stat(p), p);
        assertEquals(SftpConstants.SSH_FX_PERMISSION_DENIED, e.getStatus(), p);
        assertThrows(IOException.class, () -> Files.readString(fs.getPath(p)), p);
      }
      assertThrows(IOException.class, () -> Files.readString(fs.getPath("/../secret.txt")));
      SftpException e = assertThrows(SftpException.class, () -> raw.symLink("/sub/bad", "../../secret.txt"));
      assertEquals(SftpConstants.SSH_FX_PERMISSION_DENIED, e.getStatus());
      raw.symLink("/sub/good", "../in.txt");
      assertEquals("in", Files.readString(fs.getPath("/sub/good")));
      raw.symLink("/sub/absolute", "/in.txt"); // absolute: inside the export
      assertEquals("/export/in.txt", cell.client.readlink("/export/sub/absolute"));
      assertEquals("in", Files.readString(fs.getPath("/sub/absolute")));
    }
  }

  @Test
  void hostKeyIsGeneratedOnceAndKept() throws Exception {
    String first = cell.gateway.hostKeyFingerprint();
    assertTrue(first.startsWith("SHA256:"), first);
    byte[] file = Files.readAllBytes(cell.hostKey);
    try (SftpGateway again = SftpGateway.start(cell.config().build())) {
      assertEquals(first, again.hostKeyFingerprint());
    }
    assertEquals(java.util.Arrays.toString(file), java.util.Arrays.toString(Files.readAllBytes(cell.hostKey)));
    SftpTestCell.Run r = SftpTestCell.run(local, List.of("ssh-keygen", "-l", "-f", cell.hostKey.toString()));
    assertEquals(0, r.code(), r.out());
    assertTrue(r.out().contains(first), r.out() + " vs " + first); // OpenSSH reads it and agrees
    try (SftpGateway other = SftpGateway.start(cell.config().hostKey(local.resolve("new/host_key")).build())) {
      assertNotEquals(first, other.hostKeyFingerprint());
    }
    Path garbage = Files.writeString(local.resolve("garbage_key"), "not a key\n");
    assertThrows(IOException.class, () -> SftpGateway.start(cell.config().hostKey(garbage).build()));
    assertEquals("not a key\n", Files.readString(garbage, UTF_8)); // never overwritten
  }

  @Test
  void missingAuthorizedKeysIsAClearError() {
    NoSuchFileException e = assertThrows(NoSuchFileException.class,
        () -> SftpGateway.start(cell.config().authorizedKeys(local.resolve("nope")).build()));
    assertTrue(e.getMessage().contains("authorized keys"), e.getMessage());
  }
}
