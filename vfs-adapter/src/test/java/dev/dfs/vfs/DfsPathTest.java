package dev.dfs.vfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * DfsPath without a server. Lexical operations are checked against the default (Unix) file
 * system's paths, which share the syntax.
 */
class DfsPathTest {
  final DfsFileSystem fs = new DfsFileSystem(new DfsFileSystemProvider(), null, false, "127.0.0.1:7000", 022,
      () -> {});

  static final List<String> SAMPLES = List.of("/", "/a", "/a/b/c", "a", "a/b", "a/./b/../c", "../x", "/../a",
      "/a/b/..", "a/..", ".", "..", "", "/a//b/", "x/y/z/../../w", "/a/b/c/d");

  DfsPath d(String s, String... more) {
    return fs.getPath(s, more);
  }

  static Path u(String s) {
    return FileSystems.getDefault().getPath(s);
  }

  static String str(Object o) {
    return Objects.toString(o);
  }

  @Test
  void singlePathOperationsMatchUnixPaths() {
    for (String s : SAMPLES) {
      DfsPath p = d(s);
      Path q = u(s);
      assertEquals(q.toString(), p.toString(), s);
      assertEquals(q.isAbsolute(), p.isAbsolute(), s);
      assertEquals(str(q.getFileName()), str(p.getFileName()), "fileName " + s);
      assertEquals(str(q.getParent()), str(p.getParent()), "parent " + s);
      assertEquals(str(q.getRoot()), str(p.getRoot()), "root " + s);
      assertEquals(q.getNameCount(), p.getNameCount(), "count " + s);
      assertEquals(q.normalize().toString(), p.normalize().toString(), "normalize " + s);
      for (int i = 0; i < q.getNameCount(); i++) {
        assertEquals(q.getName(i).toString(), p.getName(i).toString(), "name " + i + " of " + s);
        for (int j = i + 1; j <= q.getNameCount(); j++) {
          assertEquals(q.subpath(i, j).toString(), p.subpath(i, j).toString(), "subpath of " + s);
        }
      }
      List<String> a = new ArrayList<>();
      List<String> b = new ArrayList<>();
      q.forEach(x -> a.add(x.toString()));
      p.forEach(x -> b.add(x.toString()));
      assertEquals(a, b, "iterator " + s);
    }
  }

  @Test
  void twoPathOperationsMatchUnixPaths() {
    for (String s : SAMPLES) {
      for (String t : SAMPLES) {
        String what = s + " , " + t;
        assertEquals(u(s).resolve(t).toString(), d(s).resolve(t).toString(), "resolve " + what);
        assertEquals(u(s).startsWith(t), d(s).startsWith(t), "startsWith " + what);
        assertEquals(u(s).endsWith(t), d(s).endsWith(t), "endsWith " + what);
        assertEquals(u(s).equals(u(t)), d(s).equals(d(t)), "equals " + what);
        assertEquals(Integer.signum(u(s).compareTo(u(t))), Integer.signum(d(s).compareTo(d(t))), "compare " + what);
        boolean sameKind = u(s).isAbsolute() == u(t).isAbsolute();
        if (sameKind && !s.contains(".") && !t.contains(".")) { // the JDK keeps some "." and ".." quirks
          assertEquals(u(s).relativize(u(t)).toString(), d(s).relativize(d(t)).toString(), "relativize " + what);
        } else if (!sameKind) {
          assertThrows(IllegalArgumentException.class, () -> d(s).relativize(d(t)), what);
        }
      }
    }
  }

  @Test
  void relativizeThenResolveComesBack() {
    DfsPath a = d("/a/b/c");
    DfsPath b = d("/a/x/y");
    assertEquals("../../x/y", a.relativize(b).toString());
    assertEquals(b, a.resolve(a.relativize(b)).normalize());
    assertEquals("", a.relativize(a).toString());
  }

  @Test
  void absoluteUriAndEquality() {
    DfsPath rel = d("a/b");
    assertEquals(d("/a/b"), rel.toAbsolutePath());
    assertEquals(URI.create("dfs://127.0.0.1:7000/a/b"), rel.toUri());
    assertEquals(URI.create("dfs://127.0.0.1:7000/with%20space"), d("/with space").toUri());
    assertEquals(d("/a/b").hashCode(), d("/a//b/").hashCode());
    assertEquals(d("/a/b"), d("/a", "b"));
    assertEquals(d("/a/b"), d("/a", "", "b"));
    assertNotEquals(d("/a/b"), d("a/b"));
    DfsFileSystem other = new DfsFileSystem(new DfsFileSystemProvider(), null, false, "h:1", 022, () -> {});
    assertNotEquals(d("/a"), other.getPath("/a"));
    assertFalse(d("/a").startsWith(other.getPath("/a")));
    assertNull(d("/").getFileName());
    assertNull(d("/").getParent());
    assertEquals(d("/"), d("/a").getRoot());
  }

  @Test
  void nulIsAnInvalidPath() {
    assertThrows(InvalidPathException.class, () -> d("/a\0b"));
    assertThrows(InvalidPathException.class, () -> fs.getPath("/a", "b\0"));
  }

  @Test
  void foreignPathsAreAMismatch() {
    Path local = Path.of("/tmp/x");
    assertThrows(ProviderMismatchException.class, () -> d("/a").resolve(local));
    assertThrows(ProviderMismatchException.class, () -> d("/a").relativize(local));
    assertThrows(ProviderMismatchException.class, () -> fs.provider().delete(local));
    assertThrows(ProviderMismatchException.class, () -> fs.provider().newByteChannel(local, java.util.Set.of()));
    assertThrows(ProviderMismatchException.class, () -> fs.provider().createSymbolicLink(d("/l"), local));
    assertThrows(IllegalArgumentException.class, () -> d("/a").getName(1));
    assertThrows(IllegalArgumentException.class, () -> d("/a/b").subpath(1, 1));
  }

  @Test
  void registerIsUnsupported() {
    assertThrows(UnsupportedOperationException.class,
        () -> d("/a").register(FileSystems.getDefault().newWatchService()));
  }

  @Test
  void globsMatchLikeTheDefaultFileSystem() {
    List<String> globs = List.of("*.txt", "*", "**", "**/*.java", "a?c", "[abc]*", "[!abc]*", "[a-c]x",
        "{foo,bar}.md", "x\\*y", "*.{a,b,}", "/a/*/c", "[-a]b", "[a-]b", "a/**");
    List<String> names = List.of("a.txt", "b.java", "src/b.java", "src/x/c.java", "abc", "aXc", "a/c", "bx", "dx",
        "foo.md", "bar.md", "baz.md", "x*y", "xzy", "f.a", "f.", "/a/b/c", "/a/b/d/c", "-b", "ab", "a/b/c", "a");
    for (String g : globs) {
      var ours = fs.getPathMatcher("glob:" + g);
      var theirs = FileSystems.getDefault().getPathMatcher("glob:" + g);
      for (String n : names) {
        assertEquals(theirs.matches(u(n)), ours.matches(d(n)), "glob " + g + " on " + n);
      }
    }
    assertThrows(UnsupportedOperationException.class, () -> fs.getPathMatcher("foo:bar"));
    assertThrows(IllegalArgumentException.class, () -> fs.getPathMatcher("nocolon"));
  }
}
