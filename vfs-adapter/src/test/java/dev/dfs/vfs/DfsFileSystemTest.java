package dev.dfs.vfs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dfs.client.ClientConfig;
import dev.dfs.client.DfsClient;
import dev.dfs.protocol.Fid;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.spi.FileSystemProvider;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the dfs: provider does: URIs, environment, lifecycle, identities, volumes, big files. */
class DfsFileSystemTest {
  static TestCell cell;
  static DfsClient rootClient;
  static final AtomicInteger next = new AtomicInteger();
  FileSystem fs;
  Path dir;

  @BeforeAll
  static void start(@TempDir Path data) throws IOException {
    cell = new TestCell(data, Map.of());
    rootClient = DfsClient.connect(ClientConfig.of(cell.server.address()).withIdentity(0, 0));
  }

  @AfterAll
  static void stop() throws IOException {
    rootClient.close();
    cell.close();
  }

  @BeforeEach
  void fresh() throws IOException {
    fs = cell.fs;
    dir = Files.createDirectory(fs.getPath("/fs-" + next.incrementAndGet()));
  }

  int port() {
    return cell.server.address().getPort();
  }

  @Test
  void theProviderIsServiceLoadedAndFindsFileSystemsByUri() throws IOException {
    assertTrue(FileSystemProvider.installedProviders().stream().anyMatch(p -> p.getScheme().equals("dfs")));
    assertSame(fs, FileSystems.getFileSystem(cell.uri));
    Path f = Files.writeString(dir.resolve("f"), "via uri");
    Path viaUri = Path.of(URI.create("dfs://127.0.0.1:" + port() + f));
    assertEquals(f, viaUri);
    assertEquals("via uri", Files.readString(viaUri));
    assertEquals(f, Path.of(f.toUri()));
    assertThrows(FileSystemAlreadyExistsException.class, () -> FileSystems.newFileSystem(cell.uri, Map.of()));
    assertThrows(FileSystemNotFoundException.class, () -> Path.of(URI.create("dfs://127.0.0.1:1/x")));
    assertThrows(IllegalArgumentException.class,
        () -> FileSystems.newFileSystem(URI.create("dfs://127.0.0.1:" + port() + "/sub"), Map.of()));
  }

  @Test
  void environmentKeysAreChecked() {
    URI other = URI.create("dfs://localhost:" + port() + "/");
    assertThrows(IllegalArgumentException.class, () -> FileSystems.newFileSystem(other, Map.of("colour", "red")));
    assertThrows(IllegalArgumentException.class, () -> FileSystems.newFileSystem(other, Map.of("mode", "eventual")));
    assertThrows(IllegalArgumentException.class, () -> FileSystems.newFileSystem(other, Map.of("uid", "ann")));
    assertThrows(IllegalArgumentException.class, () -> FileSystems.newFileSystem(other, Map.of("umask", "999")));
    DfsFileSystems.Settings s = DfsFileSystems.settings(new InetSocketAddress("127.0.0.1", 7000),
        Map.of("mode", "stateless", "uid", 1000, "gid", "100", "umask", "077", "cacheSize", "4096",
            "timeout", 5, "clientId", "me"));
    assertEquals(dev.dfs.client.Consistency.STATELESS, s.config().mode());
    assertEquals(1000, s.config().uid());
    assertEquals(100, s.config().gid());
    assertEquals(077, s.umask());
    assertEquals(4096, s.config().cacheBytes());
    assertEquals(java.time.Duration.ofSeconds(5), s.config().timeout());
    assertEquals("me", s.config().clientId());
  }

  @Test
  void anUnreachableServerIsAClearIoException() throws IOException {
    int free;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      free = s.getLocalPort();
    }
    URI nowhere = URI.create("dfs://127.0.0.1:" + free + "/");
    FileSystemException e = assertThrows(FileSystemException.class,
        () -> FileSystems.newFileSystem(nowhere, Map.of("timeout", 5)));
    assertTrue(e.getReason().contains("unreachable"), e.getReason());
    assertThrows(FileSystemNotFoundException.class, () -> Path.of(nowhere));
  }

  @Test
  void closingAFileSystemClosesItsHandlesAndItsOwnClientOnly() throws IOException {
    URI other = URI.create("dfs://localhost:" + port() + "/");
    FileSystem owned = FileSystems.newFileSystem(other, Map.of());
    assertSame(owned, FileSystems.getFileSystem(other));
    Path f = owned.getPath(dir.toString(), "f");
    SeekableByteChannel ch = Files.newByteChannel(f, CREATE_NEW, WRITE);
    ch.write(ByteBuffer.wrap("x".getBytes(UTF_8)));
    owned.close();
    owned.close(); // idempotent
    assertFalse(owned.isOpen());
    assertFalse(ch.isOpen());
    assertThrows(ClosedChannelException.class, () -> ch.write(ByteBuffer.allocate(1)));
    assertThrows(ClosedFileSystemException.class, () -> Files.readString(f));
    assertThrows(ClosedFileSystemException.class, () -> owned.getPath("/x"));
    assertThrows(FileSystemNotFoundException.class, () -> FileSystems.getFileSystem(other));
    assertEquals("x", Files.readString(dir.resolve("f"))); // the handle's data was stored at close

    FileSystem a = DfsFileSystems.wrap(rootClient);
    FileSystem b = DfsFileSystems.wrap(rootClient);
    Files.writeString(a.getPath(dir.toString(), "g"), "g");
    a.close();
    assertEquals("g", Files.readString(b.getPath(dir.toString(), "g"))); // the shared client lives on
    assertEquals("g", Files.readString(dir.resolve("g")));
    b.close();
  }

  @Test
  void twentyMebibytesRoundTripThroughStreamsAndChannels() throws IOException {
    byte[] content = new byte[20 << 20];
    new Random(42).nextBytes(content);
    Path f = dir.resolve("big");
    try (OutputStream out = Files.newOutputStream(f)) {
      for (int i = 0; i < content.length; i += 65536) {
        out.write(content, i, 65536);
      }
    }
    assertEquals(content.length, Files.size(f));
    try (InputStream in = Files.newInputStream(f)) {
      assertArrayEquals(content, in.readAllBytes());
    }
    Random r = new Random(7);
    try (FileChannel ch = FileChannel.open(f, READ)) {
      for (int i = 0; i < 200; i++) {
        int len = 1 + r.nextInt(200_000);
        int at = r.nextInt(content.length - len);
        ByteBuffer b = ByteBuffer.allocate(len);
        ch.position(at);
        while (b.hasRemaining() && ch.read(b) > 0) {
          // read on
        }
        assertArrayEquals(java.util.Arrays.copyOfRange(content, at, at + len), b.array(), "at " + at);
      }
      assertEquals(-1, ch.read(ByteBuffer.allocate(1), content.length));
    }
  }

  @Test
  void anotherUserIsDeniedWhatTheModeBitsDeny() throws IOException {
    Path priv = Files.createDirectory(dir.resolve("private"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path secret = Files.writeString(priv.resolve("secret"), "s");
    Path open = Files.writeString(dir.resolve("open"), "o");
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    try (FileSystem ann = DfsFileSystems.wrap(DfsClient.connect(
        ClientConfig.of(cell.server.address()).withIdentity(1000, 1000)))) {
      Path annPriv = ann.getPath(priv.toString());
      Path annOpen = ann.getPath(open.toString());
      assertThrows(AccessDeniedException.class, () -> Files.newDirectoryStream(annPriv));
      assertThrows(AccessDeniedException.class, () -> Files.readString(ann.getPath(secret.toString())));
      assertThrows(AccessDeniedException.class, () -> Files.createFile(annPriv.resolve("mine")));
      assertEquals("o", Files.readString(annOpen));
      assertThrows(AccessDeniedException.class, () -> Files.writeString(annOpen, "changed"));
      assertTrue(Files.isReadable(annOpen));
      assertFalse(Files.isWritable(annOpen));
      assertThrows(AccessDeniedException.class, () -> ann.provider().checkAccess(annOpen,
          java.nio.file.AccessMode.WRITE));
      // chmod and chown of another's file are EPERM, which the JDK reports as a plain
      // FileSystemException ("Operation not permitted"), not AccessDeniedException (EACCES).
      assertNotPermitted(() -> Files.setPosixFilePermissions(annOpen, PosixFilePermissions.fromString("rwxrwxrwx")));
      assertNotPermitted(() -> Files.setOwner(annOpen,
          ann.getUserPrincipalLookupService().lookupPrincipalByName("1000")));
      Path annFile = Files.writeString(ann.getPath("/ann-" + next.incrementAndGet()), "mine");
      assertEquals("1000", Files.getOwner(annFile).getName());
      assertEquals(1000, Files.getAttribute(annFile, "unix:uid"));
      // "/" is sticky and world-writable, like /tmp: others' files there cannot be removed.
      Path rootFile = Files.writeString(fs.getPath("/root-" + next.incrementAndGet()), "r");
      assertNotPermitted(() -> Files.delete(ann.getPath(rootFile.toString())));
    }
  }

  private static void assertNotPermitted(org.junit.jupiter.api.function.Executable op) {
    java.nio.file.FileSystemException e = assertThrows(java.nio.file.FileSystemException.class, op);
    assertFalse(e instanceof AccessDeniedException, "EPERM is not EACCES: " + e);
    assertTrue(e.getReason().contains("Operation not permitted"), e.getReason());
  }

  @Test
  void movesBetweenVolumesCopyThenDelete() throws IOException {
    String volName = "v" + next.incrementAndGet();
    Path vol = fs.getPath("/" + volName);
    rootClient.createVolume(volName, vol.toString());
    Path f = Files.writeString(dir.resolve("f"), "moving");
    FileTime t = FileTime.fromMillis(1_400_000_000_000L);
    Files.setLastModifiedTime(f, t);
    assertThrows(AtomicMoveNotSupportedException.class,
        () -> Files.move(f, vol.resolve("f"), StandardCopyOption.ATOMIC_MOVE));
    assertTrue(Files.exists(f));
    Files.move(f, vol.resolve("f"));
    assertFalse(Files.exists(f));
    assertEquals("moving", Files.readString(vol.resolve("f")));
    assertEquals(t, Files.getLastModifiedTime(vol.resolve("f")));
    Path full = Files.createDirectories(dir.resolve("full/inner"));
    assertThrows(DirectoryNotEmptyException.class, () -> Files.move(dir.resolve("full"), vol.resolve("full")));
    Files.move(full, vol.resolve("inner"));
    assertTrue(Files.isDirectory(vol.resolve("inner")));
    assertFalse(Files.exists(full));
    Path g = Files.writeString(dir.resolve("g"), "g");
    assertThrows(FileSystemException.class, () -> Files.createLink(vol.resolve("g"), g)); // EXDEV
    Files.writeString(vol.resolve("h"), "old");
    assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> Files.move(g, vol.resolve("h")));
    Files.move(g, vol.resolve("h"), StandardCopyOption.REPLACE_EXISTING);
    assertEquals("g", Files.readString(vol.resolve("h")));
  }

  @Test
  void copiesBetweenFileSystems(@TempDir Path local) throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "across");
    Files.copy(f, local.resolve("f"));
    assertEquals("across", Files.readString(local.resolve("f")));
    Files.copy(local.resolve("f"), dir.resolve("back"));
    assertEquals("across", Files.readString(dir.resolve("back")));
    try (FileSystem other = DfsFileSystems.wrap(rootClient)) {
      Path there = other.getPath(dir.toString(), "there");
      Files.copy(f, there);
      assertEquals("across", Files.readString(there));
      Files.move(there, dir.resolve("moved"));
      assertFalse(Files.exists(there));
      assertEquals("across", Files.readString(dir.resolve("moved")));
      assertFalse(Files.isSameFile(f, other.getPath(f.toString()))); // different file systems
    }
  }

  @Test
  void fileStoreKeysAndUmask() throws IOException {
    FileStore s = Files.getFileStore(dir);
    assertEquals("dfs", s.type());
    assertEquals("127.0.0.1:" + port(), s.name());
    assertTrue((Long) s.getAttribute("totalSpace") > 0);
    assertTrue(fs.getFileStores().iterator().hasNext());
    Path f = Files.createFile(dir.resolve("f"));
    Object key = Files.readAttributes(f, BasicFileAttributes.class).fileKey();
    assertTrue(key instanceof Fid, String.valueOf(key));
    assertEquals(((Fid) key).vnode(), Files.getAttribute(f, "unix:ino"));
    assertEquals(PosixFilePermissions.fromString("rw-r--r--"), Files.getPosixFilePermissions(f)); // umask 022
    try (FileSystem strict = DfsFileSystems.wrap(rootClient, 077)) {
      Path g = Files.createFile(strict.getPath(dir.toString(), "g"));
      assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(g));
    }
  }

  @Test
  void mappingIsUnsupportedAndChannelsAreFileChannels() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "abc");
    try (SeekableByteChannel ch = Files.newByteChannel(f, READ)) {
      assertTrue(ch instanceof FileChannel);
      assertThrows(UnsupportedOperationException.class,
          () -> ((FileChannel) ch).map(FileChannel.MapMode.READ_ONLY, 0, 3));
    }
    assertThrows(UnsupportedOperationException.class, fs::newWatchService);
  }
}
