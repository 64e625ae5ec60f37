package dev.dfs.vfs;

import java.io.IOException;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * A path of a {@link DfsFileSystem}: Unix syntax ({@code /} separator, one root {@code /}),
 * purely lexical except {@link #toRealPath}. Relative paths resolve against the root, which is
 * the working directory of every DFS file system. Immutable.
 */
final class DfsPath implements Path {
  private final DfsFileSystem fs;
  private final boolean absolute;
  /** The name elements; never empty strings. Empty with !absolute is the empty path "". */
  private final List<String> names;
  private volatile String string;

  private DfsPath(DfsFileSystem fs, boolean absolute, List<String> names) {
    this.fs = fs;
    this.absolute = absolute;
    this.names = names;
  }

  /** Parses {@code first} and {@code more} joined by '/', as {@code FileSystem.getPath} does. */
  static DfsPath parse(DfsFileSystem fs, String first, String... more) {
    StringBuilder sb = new StringBuilder(Objects.requireNonNull(first, "first"));
    for (String m : more) {
      if (!Objects.requireNonNull(m, "more").isEmpty()) {
        if (sb.length() > 0) {
          sb.append('/');
        }
        sb.append(m);
      }
    }
    String input = sb.toString();
    int nul = input.indexOf('\0');
    if (nul >= 0) {
      throw new InvalidPathException(input, "Nul character not allowed", nul);
    }
    List<String> names = new ArrayList<>();
    for (String n : input.split("/")) {
      if (!n.isEmpty()) {
        names.add(n);
      }
    }
    return new DfsPath(fs, input.startsWith("/"), List.copyOf(names));
  }

  static DfsPath root(DfsFileSystem fs) {
    return new DfsPath(fs, true, List.of());
  }

  /** {@code path} as a DfsPath, or ProviderMismatchException if it belongs to another provider. */
  static DfsPath cast(Path path) {
    if (Objects.requireNonNull(path, "path") instanceof DfsPath p) {
      return p;
    }
    throw new ProviderMismatchException("not a dfs: path: " + path + " (" + path.getClass().getName() + ")");
  }

  DfsFileSystem fs() {
    return fs;
  }

  /** The absolute path string the client understands ({@code /a/b}). */
  String clientPath() {
    return absolute ? toString() : "/" + toString();
  }

  boolean isEmpty() {
    return !absolute && names.isEmpty();
  }

  private DfsPath of(boolean abs, List<String> n) {
    return new DfsPath(fs, abs, List.copyOf(n));
  }

  @Override
  public DfsFileSystem getFileSystem() {
    return fs;
  }

  @Override
  public boolean isAbsolute() {
    return absolute;
  }

  @Override
  public DfsPath getRoot() {
    return absolute ? root(fs) : null;
  }

  @Override
  public DfsPath getFileName() {
    if (names.isEmpty()) {
      return absolute ? null : this;
    }
    return names.size() == 1 && !absolute ? this : of(false, List.of(names.get(names.size() - 1)));
  }

  @Override
  public DfsPath getParent() {
    if (names.isEmpty() || (names.size() == 1 && !absolute)) {
      return null;
    }
    return of(absolute, names.subList(0, names.size() - 1));
  }

  @Override
  public int getNameCount() {
    return isEmpty() ? 1 : names.size();
  }

  @Override
  public DfsPath getName(int index) {
    if (isEmpty() && index == 0) {
      return this;
    }
    if (index < 0 || index >= names.size()) {
      throw new IllegalArgumentException("name index " + index + " out of range for " + this);
    }
    return of(false, List.of(names.get(index)));
  }

  @Override
  public DfsPath subpath(int beginIndex, int endIndex) {
    if (isEmpty() && beginIndex == 0 && endIndex == 1) {
      return this;
    }
    if (beginIndex < 0 || endIndex > names.size() || beginIndex >= endIndex) {
      throw new IllegalArgumentException("subpath(" + beginIndex + ", " + endIndex + ") out of range for " + this);
    }
    return of(false, names.subList(beginIndex, endIndex));
  }

  @Override
  public boolean startsWith(Path other) {
    if (!(Objects.requireNonNull(other, "other") instanceof DfsPath o) || o.fs != fs) {
      return false;
    }
    if (o.isEmpty()) {
      return isEmpty();
    }
    return o.absolute == absolute && o.names.size() <= names.size()
        && names.subList(0, o.names.size()).equals(o.names);
  }

  @Override
  public boolean endsWith(Path other) {
    if (!(Objects.requireNonNull(other, "other") instanceof DfsPath o) || o.fs != fs) {
      return false;
    }
    if (o.isEmpty()) {
      return isEmpty();
    }
    if (o.absolute) {
      return equals(o);
    }
    return o.names.size() <= names.size()
        && names.subList(names.size() - o.names.size(), names.size()).equals(o.names);
  }

  @Override
  public DfsPath normalize() {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      if (n.equals(".")) {
        continue;
      }
      if (n.equals("..")) {
        if (!out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
          out.remove(out.size() - 1);
          continue;
        }
        if (absolute) {
          continue; // "/.." is "/"
        }
      }
      out.add(n);
    }
    return out.equals(names) ? this : of(absolute, out);
  }

  @Override
  public DfsPath resolve(Path other) {
    DfsPath o = cast(other);
    if (o.absolute) {
      return o;
    }
    if (o.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return o;
    }
    List<String> n = new ArrayList<>(names);
    n.addAll(o.names);
    return of(absolute, n);
  }

  @Override
  public DfsPath resolve(String other) {
    return resolve(parse(fs, other));
  }

  @Override
  public Path resolveSibling(String other) {
    return resolveSibling(parse(fs, other));
  }

  @Override
  public DfsPath relativize(Path other) {
    DfsPath o = cast(other);
    if (o.absolute != absolute) {
      throw new IllegalArgumentException("'other' is different type of Path: " + this + " vs " + o);
    }
    List<String> a = normalize().names;
    List<String> b = o.normalize().names;
    int common = 0;
    while (common < a.size() && common < b.size() && a.get(common).equals(b.get(common))) {
      common++;
    }
    List<String> out = new ArrayList<>();
    for (int i = common; i < a.size(); i++) {
      out.add("..");
    }
    out.addAll(b.subList(common, b.size()));
    return of(false, out);
  }

  @Override
  public URI toUri() {
    return fs.toUri(toAbsolutePath().toString());
  }

  @Override
  public DfsPath toAbsolutePath() {
    return absolute ? this : of(true, names);
  }

  @Override
  public DfsPath toRealPath(LinkOption... options) throws IOException {
    return fs.ops().realPath(this, Options.follow(options));
  }

  @Override
  public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
    Objects.requireNonNull(watcher, "watcher");
    throw new UnsupportedOperationException("the dfs: file system has no watch service");
  }

  @Override
  public Iterator<Path> iterator() {
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < getNameCount(); i++) {
      out.add(getName(i));
    }
    return out.iterator();
  }

  @Override
  public int compareTo(Path other) {
    return toString().compareTo(cast(other).toString());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DfsPath p && p.fs == fs && p.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  @Override
  public String toString() {
    String s = string;
    if (s == null) {
      s = (absolute ? "/" : "") + String.join("/", names);
      string = s;
    }
    return s;
  }
}
