package dev.dfs.vfs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.COPY_ATTRIBUTES;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.DELETE_ON_CLOSE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * File-system behaviour on {@link Files} alone, written once and run against every file system
 * of the project (STYLE rule 13): the default file system in a temporary directory is the
 * oracle; the {@code dfs:} provider, and later the SFTP gateway and the FUSE mount, must pass the
 * same assertions. A subclass supplies {@link #root()}: an empty, writable directory, fresh for
 * each test. Where POSIX and the DFS legitimately differ (owner names, the file store's type),
 * the test asserts only what both do and says so.
 */
abstract class FilesConformance {
  /** An empty directory that this test may fill; called once before each test. */
  abstract Path root() throws IOException;

  Path dir;

  @BeforeEach
  void makeRoot() throws IOException {
    dir = root();
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static Set<String> names(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  // ---------------------------------------------------------------- create, read, write

  @Test
  void writeThenReadBack() throws IOException {
    Path f = dir.resolve("f");
    byte[] content = random(100_000, 1);
    Files.write(f, content);
    assertArrayEquals(content, Files.readAllBytes(f));
    assertEquals(content.length, Files.size(f));
    assertTrue(Files.exists(f));
    assertTrue(Files.isRegularFile(f));
    assertFalse(Files.isDirectory(f));
  }

  @Test
  void emptyFile() throws IOException {
    Path f = Files.createFile(dir.resolve("empty"));
    assertEquals(0, Files.size(f));
    assertArrayEquals(new byte[0], Files.readAllBytes(f));
  }

  @Test
  void stringsAndLines() throws IOException {
    Path f = dir.resolve("t.txt");
    Files.writeString(f, "one\ntwo\nthree\n");
    assertEquals(List.of("one", "two", "three"), Files.readAllLines(f));
    Files.write(f, List.of("four"), UTF_8, APPEND);
    assertEquals("one\ntwo\nthree\nfour\n", Files.readString(f));
  }

  @Test
  void appendAddsAtTheEnd() throws IOException {
    Path f = dir.resolve("log");
    Files.write(f, "ab".getBytes(UTF_8));
    Files.write(f, "cd".getBytes(UTF_8), APPEND);
    try (OutputStream out = Files.newOutputStream(f, APPEND)) {
      out.write("ef".getBytes(UTF_8));
    }
    assertEquals("abcdef", Files.readString(f));
  }

  @Test
  void defaultWriteTruncates() throws IOException {
    Path f = dir.resolve("f");
    Files.writeString(f, "a long first version");
    Files.writeString(f, "short");
    assertEquals("short", Files.readString(f));
  }

  @Test
  void writeWithoutTruncateOverwritesInPlace() throws IOException {
    Path f = dir.resolve("f");
    Files.writeString(f, "abcdef");
    Files.writeString(f, "XY", WRITE);
    assertEquals("XYcdef", Files.readString(f));
  }

  @Test
  void createNewOnExistingFails() throws IOException {
    Path f = Files.createFile(dir.resolve("f"));
    assertThrows(FileAlreadyExistsException.class, () -> Files.createFile(f));
    assertThrows(FileAlreadyExistsException.class, () -> Files.newByteChannel(f, CREATE_NEW, WRITE));
    Files.newByteChannel(f, CREATE, WRITE).close(); // CREATE alone accepts an existing file
  }

  @Test
  void missingFilesAreNoSuchFile() {
    Path f = dir.resolve("missing");
    assertThrows(NoSuchFileException.class, () -> Files.readAllBytes(f));
    assertThrows(NoSuchFileException.class, () -> Files.newByteChannel(f));
    assertThrows(NoSuchFileException.class, () -> Files.newOutputStream(f, WRITE));
    assertThrows(NoSuchFileException.class, () -> Files.size(f));
    assertThrows(NoSuchFileException.class, () -> Files.delete(f));
    assertThrows(NoSuchFileException.class, () -> Files.writeString(dir.resolve("no/such/dir/f"), "x"));
    assertThrows(NoSuchFileException.class, () -> Files.readAttributes(f, BasicFileAttributes.class));
    assertFalse(Files.exists(f));
    assertTrue(Files.notExists(f));
  }

  @Test
  void illegalOptionMixesAreRejected() throws IOException {
    Path f = Files.createFile(dir.resolve("f"));
    assertThrows(IllegalArgumentException.class, () -> Files.newByteChannel(f, READ, APPEND));
    assertThrows(IllegalArgumentException.class, () -> Files.newByteChannel(f, APPEND, TRUNCATE_EXISTING));
    assertThrows(IllegalArgumentException.class, () -> Files.newOutputStream(f, READ));
    assertThrows(UnsupportedOperationException.class, () -> Files.newInputStream(f, WRITE));
    assertThrows(UnsupportedOperationException.class, () -> Files.newInputStream(f, APPEND));
  }

  @Test
  void fileUnderAFileIsNotADirectory() throws IOException {
    Path f = Files.createFile(dir.resolve("f"));
    // POSIX says ENOTDIR: the JDK throws FileSystemException("Not a directory"), the dfs:
    // provider its subclass NotDirectoryException.
    assertThrows(FileSystemException.class, () -> Files.createFile(f.resolve("g")));
    assertThrows(FileSystemException.class, () -> Files.createDirectory(f.resolve("g")));
  }

  @Test
  void writingADirectoryFails() throws IOException {
    Path d = Files.createDirectory(dir.resolve("d"));
    assertThrows(FileSystemException.class, () -> Files.newOutputStream(d));
    assertThrows(FileSystemException.class, () -> Files.newByteChannel(d, WRITE));
    assertThrows(IOException.class, () -> Files.readAllBytes(d));
  }

  @Test
  void streamsRoundTrip() throws IOException {
    Path f = dir.resolve("s");
    byte[] content = random(3 * (1 << 20) + 123, 2);
    try (OutputStream out = Files.newOutputStream(f)) {
      for (int i = 0; i < content.length; i += 7000) {
        out.write(content, i, Math.min(7000, content.length - i));
      }
    }
    try (InputStream in = Files.newInputStream(f)) {
      assertArrayEquals(content, in.readAllBytes());
    }
    try (InputStream in = Files.newInputStream(f)) {
      assertEquals(1000, in.skip(1000));
      assertEquals(content[1000] & 0xff, in.read());
    }
  }

  @Test
  void deleteOnClose() throws IOException {
    Path f = dir.resolve("tmp");
    try (SeekableByteChannel ch = Files.newByteChannel(f, CREATE_NEW, WRITE, DELETE_ON_CLOSE)) {
      ch.write(ByteBuffer.wrap("x".getBytes(UTF_8)));
    }
    assertFalse(Files.exists(f));
  }

  // ---------------------------------------------------------------- channels

  @Test
  void seekableChannelPositionSizeTruncate() throws IOException {
    Path f = dir.resolve("c");
    try (SeekableByteChannel ch = Files.newByteChannel(f, CREATE_NEW, READ, WRITE)) {
      assertEquals(0, ch.position());
      assertEquals(10, ch.write(ByteBuffer.wrap("0123456789".getBytes(UTF_8))));
      assertEquals(10, ch.position());
      assertEquals(10, ch.size());
      ch.position(3);
      ByteBuffer b = ByteBuffer.allocate(4);
      assertEquals(4, ch.read(b));
      assertEquals("3456", new String(b.array(), UTF_8));
      assertEquals(7, ch.position());
      ch.position(20);
      assertEquals(-1, ch.read(ByteBuffer.allocate(1)));
      ch.truncate(5);
      assertEquals(5, ch.size());
      assertEquals(5, ch.position()); // truncate pulls the position back
      ch.truncate(50); // truncate never extends
      assertEquals(5, ch.size());
      assertThrows(IllegalArgumentException.class, () -> ch.position(-1));
    }
    assertEquals("01234", Files.readString(f));
  }

  @Test
  void writePastTheEndLeavesAHoleOfZeros() throws IOException {
    Path f = dir.resolve("sparse");
    try (SeekableByteChannel ch = Files.newByteChannel(f, CREATE_NEW, WRITE)) {
      ch.position(5000);
      ch.write(ByteBuffer.wrap(new byte[] {7}));
    }
    byte[] all = Files.readAllBytes(f);
    assertEquals(5001, all.length);
    for (int i = 0; i < 5000; i++) {
      assertEquals(0, all[i]);
    }
    assertEquals(7, all[5000]);
  }

  @Test
  void closedChannelRefusesEverythingButClose() throws IOException {
    Path f = dir.resolve("c");
    SeekableByteChannel ch = Files.newByteChannel(f, CREATE_NEW, READ, WRITE);
    assertTrue(ch.isOpen());
    ch.close();
    ch.close(); // idempotent
    assertFalse(ch.isOpen());
    assertThrows(ClosedChannelException.class, () -> ch.read(ByteBuffer.allocate(1)));
    assertThrows(ClosedChannelException.class, () -> ch.write(ByteBuffer.allocate(1)));
    assertThrows(ClosedChannelException.class, ch::position);
    assertThrows(ClosedChannelException.class, ch::size);
    assertThrows(ClosedChannelException.class, () -> ch.truncate(0));
  }

  @Test
  void readOnlyAndWriteOnlyChannels() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "abc");
    try (SeekableByteChannel r = Files.newByteChannel(f, READ)) {
      assertThrows(NonWritableChannelException.class, () -> r.write(ByteBuffer.allocate(1)));
    }
    try (SeekableByteChannel w = Files.newByteChannel(f, WRITE)) {
      assertThrows(NonReadableChannelException.class, () -> w.read(ByteBuffer.allocate(1)));
    }
  }

  @Test
  void fileChannelPositionalIoAndTransfers() throws IOException {
    Path f = dir.resolve("fc");
    Path g = dir.resolve("gc");
    byte[] content = random(300_000, 3);
    try (FileChannel ch = FileChannel.open(f, CREATE_NEW, READ, WRITE)) {
      assertEquals(content.length, ch.write(ByteBuffer.wrap(content), 0));
      assertEquals(0, ch.position()); // positional writes leave the position alone
      ByteBuffer b = ByteBuffer.allocate(10);
      while (b.hasRemaining()) {
        ch.read(b, 1000 + b.position());
      }
      assertArrayEquals(java.util.Arrays.copyOfRange(content, 1000, 1010), b.array());
      ch.force(true);
      try (FileChannel out = FileChannel.open(g, CREATE_NEW, WRITE)) {
        long done = 0;
        while (done < content.length) {
          done += ch.transferTo(done, content.length - done, out);
        }
      }
    }
    assertArrayEquals(content, Files.readAllBytes(g));
    Path h = dir.resolve("hc");
    try (FileChannel out = FileChannel.open(h, CREATE_NEW, WRITE);
        InputStream in = Files.newInputStream(g)) {
      long done = 0;
      while (done < content.length) {
        done += out.transferFrom(Channels.newChannel(in), done, content.length - done);
      }
    }
    assertArrayEquals(content, Files.readAllBytes(h));
  }

  @Test
  void locksWithinOneProcessDoNotOverlap() throws IOException {
    Path f = Files.write(dir.resolve("lk"), new byte[100]);
    try (FileChannel a = FileChannel.open(f, READ, WRITE); FileChannel b = FileChannel.open(f, READ, WRITE)) {
      FileLock l = a.lock(0, 10, false);
      assertTrue(l.isValid());
      assertFalse(l.isShared());
      assertThrows(OverlappingFileLockException.class, () -> b.tryLock(5, 10, false));
      assertThrows(OverlappingFileLockException.class, () -> a.lock(0, 1, false));
      FileLock other = b.tryLock(50, 10, false); // a range nobody holds
      assertTrue(other.isValid());
      l.release();
      assertFalse(l.isValid());
      b.lock(0, 10, false).release();
      other.close();
    }
    try (FileChannel r = FileChannel.open(f, READ)) {
      assertThrows(NonWritableChannelException.class, () -> r.lock(0, 1, false));
      FileLock s = r.lock(0, 1, true);
      assertTrue(s.isShared());
      r.close();
      assertFalse(s.isValid()); // closing the channel releases its locks
    }
  }

  // ---------------------------------------------------------------- directories

  @Test
  void directoriesCreateAndDelete() throws IOException {
    Path d = Files.createDirectory(dir.resolve("d"));
    assertTrue(Files.isDirectory(d));
    assertThrows(FileAlreadyExistsException.class, () -> Files.createDirectory(d));
    Files.createDirectories(d.resolve("a/b/c"));
    assertTrue(Files.isDirectory(d.resolve("a/b/c")));
    Files.createDirectories(d.resolve("a/b/c")); // already there: fine
    assertThrows(DirectoryNotEmptyException.class, () -> Files.delete(d.resolve("a")));
    Files.delete(d.resolve("a/b/c"));
    assertFalse(Files.exists(d.resolve("a/b/c")));
    assertTrue(Files.deleteIfExists(d.resolve("a/b")));
    assertFalse(Files.deleteIfExists(d.resolve("a/b")));
  }

  @Test
  void listingYieldsChildPaths() throws IOException {
    for (String n : List.of("a.txt", "b.txt", "c.log", ".hidden")) {
      Files.createFile(dir.resolve(n));
    }
    Files.createDirectory(dir.resolve("sub"));
    assertEquals(new TreeSet<>(List.of("a.txt", "b.txt", "c.log", ".hidden", "sub")), names(dir));
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        assertEquals(dir, p.getParent());
      }
    }
  }

  @Test
  void listingWithGlobsAndFilters() throws IOException {
    for (String n : List.of("a.txt", "b.txt", "c.log", "ab.md", "x1", "x22")) {
      Files.createFile(dir.resolve(n));
    }
    assertEquals(Set.of("a.txt", "b.txt"), glob("*.txt"));
    assertEquals(Set.of("a.txt", "c.log", "ab.md"), glob("{a,c}*.{txt,log,md}"));
    assertEquals(Set.of("x1"), glob("x?"));
    assertEquals(Set.of("a.txt", "b.txt"), glob("[a-b].*"));
    assertEquals(Set.of("c.log", "ab.md", "x1", "x22"), glob("[!ab]*", "ab.*"));
    Set<String> big = new TreeSet<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> Files.size(p) == 0
        && p.getFileName().toString().length() > 3)) {
      s.forEach(p -> big.add(p.getFileName().toString()));
    }
    assertEquals(Set.of("a.txt", "b.txt", "c.log", "ab.md"), big);
    PathMatcher m = dir.getFileSystem().getPathMatcher("glob:**/*.txt");
    assertTrue(m.matches(dir.resolve("a.txt")));
    assertFalse(m.matches(dir.resolve("c.log")));
    PathMatcher r = dir.getFileSystem().getPathMatcher("regex:.*\\.l.g");
    assertTrue(r.matches(dir.resolve("c.log")));
  }

  private Set<String> glob(String... globs) throws IOException {
    Set<String> out = new TreeSet<>();
    for (String g : globs) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, g)) {
        s.forEach(p -> out.add(p.getFileName().toString()));
      }
    }
    return out;
  }

  @Test
  void directoryStreamIteratorRules() throws IOException {
    Files.createFile(dir.resolve("a"));
    DirectoryStream<Path> s = Files.newDirectoryStream(dir);
    Iterator<Path> it = s.iterator();
    assertThrows(IllegalStateException.class, s::iterator);
    assertTrue(it.hasNext());
    it.next();
    assertFalse(it.hasNext());
    assertThrows(java.util.NoSuchElementException.class, it::next);
    s.close();
    s.close();
    DirectoryStream<Path> t = Files.newDirectoryStream(dir);
    t.close();
    assertThrows(IllegalStateException.class, t::iterator);
  }

  @Test
  void listingAFileIsNotADirectory() throws IOException {
    Path f = Files.createFile(dir.resolve("f"));
    assertThrows(NotDirectoryException.class, () -> Files.newDirectoryStream(f));
    assertThrows(NoSuchFileException.class, () -> Files.newDirectoryStream(dir.resolve("nope")));
  }

  @Test
  void walkSeesTheWholeTree() throws IOException {
    Files.createDirectories(dir.resolve("a/b"));
    Files.writeString(dir.resolve("a/f"), "1");
    Files.writeString(dir.resolve("a/b/g"), "2");
    try (Stream<Path> s = Files.walk(dir)) {
      Set<String> rel = s.map(p -> dir.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(new TreeSet<>(List.of("", "a", "a/b", "a/f", "a/b/g")), rel);
    }
  }

  @Test
  void manyEntries() throws IOException {
    Set<String> want = new TreeSet<>();
    for (int i = 0; i < 300; i++) {
      String n = "entry-" + i;
      Files.createFile(dir.resolve(n));
      want.add(n);
    }
    assertEquals(want, names(dir));
  }

  // ---------------------------------------------------------------- move

  @Test
  void moveRenames() throws IOException {
    Path a = Files.writeString(dir.resolve("a"), "A");
    Path b = dir.resolve("b");
    Files.move(a, b);
    assertFalse(Files.exists(a));
    assertEquals("A", Files.readString(b));
    Files.move(b, b); // onto itself: nothing happens
    assertEquals("A", Files.readString(b));
    assertThrows(NoSuchFileException.class, () -> Files.move(a, dir.resolve("c")));
  }

  @Test
  void moveOntoAnExistingTargetNeedsReplaceExisting() throws IOException {
    Path a = Files.writeString(dir.resolve("a"), "A");
    Path b = Files.writeString(dir.resolve("b"), "B");
    assertThrows(FileAlreadyExistsException.class, () -> Files.move(a, b));
    assertEquals("B", Files.readString(b));
    Files.move(a, b, REPLACE_EXISTING);
    assertEquals("A", Files.readString(b));
    assertFalse(Files.exists(a));
  }

  @Test
  void atomicMoveReplaces() throws IOException {
    Path a = Files.writeString(dir.resolve("a"), "A");
    Path b = Files.writeString(dir.resolve("b"), "B");
    Files.move(a, b, ATOMIC_MOVE); // rename(2): an existing file is replaced atomically
    assertEquals("A", Files.readString(b));
    assertFalse(Files.exists(a));
  }

  @Test
  void moveDirectoriesWithTheirContent() throws IOException {
    Path d = Files.createDirectories(dir.resolve("d/e"));
    Files.writeString(d.resolve("f"), "F");
    Files.move(dir.resolve("d"), dir.resolve("moved"));
    assertEquals("F", Files.readString(dir.resolve("moved/e/f")));
    Path empty = Files.createDirectory(dir.resolve("empty"));
    assertThrows(FileAlreadyExistsException.class, () -> Files.move(dir.resolve("moved"), empty));
    Files.move(dir.resolve("moved"), empty, REPLACE_EXISTING); // an empty directory may be replaced
    assertEquals("F", Files.readString(dir.resolve("empty/e/f")));
    Path full = Files.createDirectories(dir.resolve("full/x"));
    assertThrows(DirectoryNotEmptyException.class, () -> Files.move(empty, dir.resolve("full"), REPLACE_EXISTING));
    assertTrue(Files.exists(full));
    assertThrows(FileSystemException.class, () -> Files.move(dir.resolve("full"), full.resolve("inside")));
  }

  @Test
  void moveReplacesAcrossTypesOnlyWithReplaceExisting() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "F");
    Path d = Files.createDirectory(dir.resolve("d"));
    assertThrows(FileAlreadyExistsException.class, () -> Files.move(f, d));
    Files.move(f, d, REPLACE_EXISTING);
    assertTrue(Files.isRegularFile(d));
    assertEquals("F", Files.readString(d));
  }

  // ---------------------------------------------------------------- copy

  @Test
  void copyFiles() throws IOException {
    byte[] content = random(2 * (1 << 20) + 5, 4);
    Path a = Files.write(dir.resolve("a"), content);
    Path b = dir.resolve("b");
    Files.copy(a, b);
    assertArrayEquals(content, Files.readAllBytes(b));
    assertThrows(FileAlreadyExistsException.class, () -> Files.copy(a, b));
    Files.writeString(a, "new");
    Files.copy(a, b, REPLACE_EXISTING);
    assertEquals("new", Files.readString(b));
    assertFalse(Files.isSameFile(a, b));
    Files.copy(a, a); // onto itself: nothing happens
    assertThrows(NoSuchFileException.class, () -> Files.copy(dir.resolve("none"), dir.resolve("c")));
  }

  @Test
  void copyAttributesKeepsTimesAndPermissions() throws IOException {
    Path a = Files.writeString(dir.resolve("a"), "A");
    FileTime t = FileTime.fromMillis(1_500_000_000_000L);
    Files.setLastModifiedTime(a, t);
    Set<PosixFilePermission> perms = PosixFilePermissions.fromString("r-x---r--");
    Files.setPosixFilePermissions(a, perms);
    Path b = dir.resolve("b");
    Files.copy(a, b, COPY_ATTRIBUTES);
    assertEquals(t, Files.getLastModifiedTime(b));
    assertEquals(perms, Files.getPosixFilePermissions(b));
  }

  @Test
  void copyOfADirectoryIsEmpty() throws IOException {
    Path d = Files.createDirectory(dir.resolve("d"));
    Files.writeString(d.resolve("f"), "F");
    Files.copy(d, dir.resolve("e"));
    assertTrue(Files.isDirectory(dir.resolve("e")));
    assertEquals(Set.of(), names(dir.resolve("e")));
    Files.writeString(dir.resolve("e/x"), "x");
    assertThrows(DirectoryNotEmptyException.class, () -> Files.copy(d, dir.resolve("e"), REPLACE_EXISTING));
  }

  @Test
  void copyOfASymlinkFollowsUnlessNoFollow() throws IOException {
    Path target = Files.writeString(dir.resolve("target"), "T");
    Path link = Files.createSymbolicLink(dir.resolve("link"), target.getFileName());
    Files.copy(link, dir.resolve("followed"));
    assertTrue(Files.isRegularFile(dir.resolve("followed"), NOFOLLOW_LINKS));
    assertEquals("T", Files.readString(dir.resolve("followed")));
    Files.copy(link, dir.resolve("link2"), NOFOLLOW_LINKS);
    assertTrue(Files.isSymbolicLink(dir.resolve("link2")));
    assertEquals(target.getFileName(), Files.readSymbolicLink(dir.resolve("link2")));
  }

  // ---------------------------------------------------------------- links

  @Test
  void hardLinksShareContentAndIdentity() throws IOException {
    Path a = Files.writeString(dir.resolve("a"), "shared");
    Path b = Files.createLink(dir.resolve("b"), a);
    assertEquals("shared", Files.readString(b));
    assertTrue(Files.isSameFile(a, b));
    assertEquals(Files.readAttributes(a, BasicFileAttributes.class).fileKey(),
        Files.readAttributes(b, BasicFileAttributes.class).fileKey());
    assertEquals(2, ((Number) Files.getAttribute(a, "unix:nlink")).intValue());
    Files.writeString(b, "changed");
    assertEquals("changed", Files.readString(a));
    Files.delete(a);
    assertEquals("changed", Files.readString(b));
    assertEquals(1, ((Number) Files.getAttribute(b, "unix:nlink")).intValue());
    Path x = Files.createFile(dir.resolve("x"));
    assertThrows(FileAlreadyExistsException.class, () -> Files.createLink(x, b));
    Path d = Files.createDirectory(dir.resolve("d"));
    assertThrows(FileSystemException.class, () -> Files.createLink(dir.resolve("dl"), d)); // EPERM
  }

  @Test
  void symbolicLinks() throws IOException {
    Path target = Files.writeString(dir.resolve("target"), "T");
    Path link = Files.createSymbolicLink(dir.resolve("link"), target.getFileName());
    assertTrue(Files.isSymbolicLink(link));
    assertTrue(Files.isRegularFile(link));
    assertFalse(Files.isRegularFile(link, NOFOLLOW_LINKS));
    assertEquals(target.getFileName(), Files.readSymbolicLink(link));
    assertEquals("T", Files.readString(link));
    assertTrue(Files.readAttributes(link, BasicFileAttributes.class, NOFOLLOW_LINKS).isSymbolicLink());
    assertTrue(Files.isSameFile(link, target));
    assertEquals(target.toRealPath(), link.toRealPath());
    assertEquals(link.toAbsolutePath().normalize(), link.toRealPath(NOFOLLOW_LINKS).toAbsolutePath());
    assertThrows(FileAlreadyExistsException.class, () -> Files.createSymbolicLink(link, target));
    assertThrows(NotLinkException.class, () -> Files.readSymbolicLink(target));
    // The JDK throws a bare IOException("Too many levels of symbolic links (NOFOLLOW_LINKS
    // specified)"); the dfs: provider a FileSystemException (a subclass) that names the path.
    assertThrows(IOException.class, () -> Files.newByteChannel(link, READ, NOFOLLOW_LINKS));
    Files.delete(link);
    assertFalse(Files.exists(link, NOFOLLOW_LINKS));
    assertTrue(Files.exists(target));
  }

  @Test
  void symlinksThroughDirectoriesAndDangling() throws IOException {
    Path real = Files.createDirectories(dir.resolve("real/inner"));
    Files.writeString(real.resolve("f"), "F");
    Path link = Files.createSymbolicLink(dir.resolve("ln"), dir.resolve("real").toAbsolutePath());
    assertEquals("F", Files.readString(dir.resolve("ln/inner/f")));
    assertEquals(real.resolve("f").toRealPath(), dir.resolve("ln/inner/f").toRealPath());
    assertTrue(Files.isDirectory(link));
    assertFalse(Files.isDirectory(link, NOFOLLOW_LINKS));
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere").getFileName());
    assertFalse(Files.exists(dangling));
    assertTrue(Files.exists(dangling, NOFOLLOW_LINKS));
    assertThrows(NoSuchFileException.class, () -> Files.readString(dangling));
    assertThrows(NoSuchFileException.class, dangling::toRealPath);
    Files.writeString(dangling, "created through the link");
    assertEquals("created through the link", Files.readString(dir.resolve("nowhere")));
  }

  // ---------------------------------------------------------------- attributes

  @Test
  void basicAttributes() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "12345");
    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
    assertTrue(a.isRegularFile());
    assertFalse(a.isDirectory());
    assertFalse(a.isSymbolicLink());
    assertFalse(a.isOther());
    assertEquals(5, a.size());
    assertTrue(a.fileKey() != null);
    BasicFileAttributes d = Files.readAttributes(dir, BasicFileAttributes.class);
    assertTrue(d.isDirectory());
    assertNotEquals(a.fileKey(), d.fileKey());
  }

  @Test
  void timesRoundTrip() throws IOException {
    Path f = Files.createFile(dir.resolve("f"));
    FileTime m = FileTime.fromMillis(1_234_567_890_123L);
    FileTime acc = FileTime.fromMillis(1_111_111_111_000L);
    Files.setLastModifiedTime(f, m);
    assertEquals(m, Files.getLastModifiedTime(f));
    Files.getFileAttributeView(f, BasicFileAttributeView.class).setTimes(null, acc, null);
    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
    assertEquals(acc, a.lastAccessTime());
    assertEquals(m, a.lastModifiedTime()); // null leaves it as it was
    Files.setAttribute(f, "basic:lastModifiedTime", acc);
    assertEquals(acc, Files.getAttribute(f, "lastModifiedTime"));
  }

  @Test
  void posixPermissions() throws IOException {
    Path f = Files.createFile(dir.resolve("f"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(f));
    for (String p : List.of("rwxr-x---", "---------", "r--r--r--", "rwxrwxrwx")) {
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(p));
      assertEquals(PosixFilePermissions.fromString(p), Files.getPosixFilePermissions(f));
    }
    Path d = Files.createDirectory(dir.resolve("d"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(d));
    Files.setAttribute(d, "posix:permissions", PosixFilePermissions.fromString("rwxr-xr-x"));
    assertEquals(PosixFilePermissions.fromString("rwxr-xr-x"),
        Files.readAttributes(d, PosixFileAttributes.class).permissions());
  }

  @Test
  void attributesByName() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "abc");
    Map<String, Object> m = Files.readAttributes(f, "posix:permissions,owner,size");
    assertEquals(Set.of("permissions", "owner", "size"), m.keySet());
    assertEquals(3L, m.get("size"));
    assertEquals(Files.getOwner(f), m.get("owner"));
    Map<String, Object> all = Files.readAttributes(f, "*");
    assertTrue(all.keySet().containsAll(List.of("size", "lastModifiedTime", "isRegularFile", "fileKey")));
    assertEquals(3L, Files.getAttribute(f, "basic:size"));
    assertEquals(Boolean.TRUE, Files.getAttribute(f, "isRegularFile"));
    assertThrows(IllegalArgumentException.class, () -> Files.getAttribute(f, "basic:nonsense"));
    assertThrows(UnsupportedOperationException.class, () -> Files.getAttribute(f, "nonsense:size"));
  }

  @Test
  void ownersRoundTripThroughTheLookupService() throws IOException {
    // Names differ: the default file system says "root", the dfs: provider "0" (numeric ids,
    // no name service). Both round-trip a principal through its name.
    Path f = Files.createFile(dir.resolve("f"));
    UserPrincipal owner = Files.getOwner(f);
    assertEquals(owner, Files.readAttributes(f, PosixFileAttributes.class).owner());
    assertEquals(owner, f.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(owner.getName()));
    PosixFileAttributeView v = Files.getFileAttributeView(f, PosixFileAttributeView.class);
    var group = v.readAttributes().group();
    assertEquals(group,
        f.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(group.getName()));
    Files.setOwner(f, owner); // to oneself: always allowed
    v.setGroup(group);
    assertEquals(owner, Files.getOwner(f));
  }

  @Test
  void accessChecksFollowTheModeBits() throws IOException {
    Path f = Files.writeString(dir.resolve("f"), "x");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    assertTrue(Files.isReadable(f));
    assertTrue(Files.isWritable(f));
    assertFalse(Files.isExecutable(f));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertTrue(Files.isExecutable(f));
    assertFalse(Files.isReadable(dir.resolve("missing")));
    assertTrue(Files.isExecutable(dir));
  }

  @Test
  void hiddenAndSameFile() throws IOException {
    Path h = Files.createFile(dir.resolve(".hidden"));
    Path v = Files.createFile(dir.resolve("visible"));
    assertTrue(Files.isHidden(h));
    assertFalse(Files.isHidden(v));
    assertTrue(Files.isSameFile(v, dir.resolve("sub/../visible").normalize()));
    assertTrue(Files.isSameFile(v, v));
    assertFalse(Files.isSameFile(v, h));
  }

  @Test
  void fileStoreReportsSpace() throws IOException {
    // The type and name differ ("ext4" vs "dfs"); both report sane space figures and POSIX views.
    FileStore s = Files.getFileStore(dir);
    assertTrue(s.getTotalSpace() > 0);
    assertTrue(s.getUsableSpace() <= s.getTotalSpace());
    assertTrue(s.getUnallocatedSpace() <= s.getTotalSpace());
    assertTrue(s.supportsFileAttributeView("basic"));
    assertTrue(s.supportsFileAttributeView("posix"));
    assertTrue(s.supportsFileAttributeView(PosixFileAttributeView.class));
    assertFalse(s.isReadOnly());
    assertThrows(NoSuchFileException.class, () -> Files.getFileStore(dir.resolve("missing")));
  }

  @Test
  void pathsOfTheFileSystem() throws IOException {
    Path f = Files.createFile(dir.resolve("f"));
    assertEquals(f, dir.getFileSystem().getPath(f.toString()));
    assertEquals(f.toAbsolutePath(), Path.of(f.toUri()));
    assertNull(f.getRoot().getParent());
    assertEquals("/", f.getFileSystem().getSeparator());
    List<Path> roots = new ArrayList<>();
    f.getFileSystem().getRootDirectories().forEach(roots::add);
    assertEquals(List.of(f.getRoot()), roots);
    assertTrue(f.getFileSystem().supportedFileAttributeViews().containsAll(Set.of("basic", "posix", "owner")));
  }
}
