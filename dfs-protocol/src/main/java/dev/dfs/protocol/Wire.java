package dev.dfs.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads and writes the protocol's value types on a Netty {@link ByteBuf}. Every read checks
 * its bounds and throws {@link DfsException} with {@link Status#EPROTO} on malformed input,
 * so a hostile frame produces an error reply, never an allocation of an attacker-chosen size.
 */
public final class Wire {
  /** Largest string on the wire in bytes (symlink targets, messages). */
  public static final int MAX_STRING = 64 * 1024;
  /** Largest number of elements in a list (directory pages, FID lists). */
  public static final int MAX_LIST = 65_536;

  private final ByteBuf buf;

  public Wire(ByteBuf buf) {
    this.buf = buf;
  }

  public ByteBuf buf() {
    return buf;
  }

  public Wire putByte(int v) {
    buf.writeByte(v);
    return this;
  }

  public Wire putBool(boolean v) {
    buf.writeBoolean(v);
    return this;
  }

  public Wire putInt(int v) {
    buf.writeInt(v);
    return this;
  }

  public Wire putLong(long v) {
    buf.writeLong(v);
    return this;
  }

  public Wire putString(String s) {
    checkUnicode(s);
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > MAX_STRING) {
      throw new DfsException(Status.ENAMETOOLONG, "string of " + b.length + " bytes exceeds " + MAX_STRING);
    }
    buf.writeInt(b.length).writeBytes(b);
    return this;
  }

  /** UTF-8 cannot carry an unpaired surrogate; getBytes would silently send '?' instead. */
  private static void checkUnicode(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new DfsException(Status.EINVAL, "string has an unpaired surrogate at index " + i);
      }
    }
  }

  /** A string that may be absent. */
  public Wire putOptString(String s) {
    buf.writeBoolean(s != null);
    if (s != null) {
      putString(s);
    }
    return this;
  }

  /**
   * Checks, when a message is built, a byte array that {@link #getBytes} will read with limit
   * {@code max}: a message the peer would reject must not be sent.
   */
  static byte[] checkLength(byte[] b, int max, String what) {
    Objects.requireNonNull(b, what);
    if (b.length > max) {
      throw new IllegalArgumentException(what + " of " + b.length + " bytes exceeds " + max);
    }
    return b;
  }

  public Wire putBytes(byte[] b) {
    buf.writeInt(b.length).writeBytes(b);
    return this;
  }

  public Wire putFid(Fid f) {
    buf.writeLong(f.volume()).writeLong(f.vnode()).writeLong(f.uniquifier());
    return this;
  }

  public Wire putOptFid(Fid f) {
    buf.writeBoolean(f != null);
    if (f != null) {
      putFid(f);
    }
    return this;
  }

  public Wire putAttr(Attr a) {
    putFid(a.fid());
    buf.writeByte(a.type().code());
    buf.writeInt(a.mode()).writeInt(a.nlink()).writeInt(a.uid()).writeInt(a.gid());
    buf.writeLong(a.size()).writeLong(a.atimeNanos()).writeLong(a.mtimeNanos()).writeLong(a.ctimeNanos());
    buf.writeLong(a.dataVersion());
    return this;
  }

  public Wire putOptAttr(Attr a) {
    buf.writeBoolean(a != null);
    if (a != null) {
      putAttr(a);
    }
    return this;
  }

  public Wire putSetAttr(SetAttr s) {
    int flags = (s.mode() != null ? 1 : 0) | (s.uid() != null ? 2 : 0) | (s.gid() != null ? 4 : 0)
        | (s.size() != null ? 8 : 0) | (s.atimeNanos() != null ? 16 : 0) | (s.mtimeNanos() != null ? 32 : 0);
    buf.writeByte(flags);
    if (s.mode() != null) buf.writeInt(s.mode());
    if (s.uid() != null) buf.writeInt(s.uid());
    if (s.gid() != null) buf.writeInt(s.gid());
    if (s.size() != null) buf.writeLong(s.size());
    if (s.atimeNanos() != null) buf.writeLong(s.atimeNanos());
    if (s.mtimeNanos() != null) buf.writeLong(s.mtimeNanos());
    return this;
  }

  public Wire putDirEntry(DirEntry e) {
    putString(e.name());
    putFid(e.fid());
    buf.writeByte(e.type().code());
    return this;
  }

  public Wire putVolume(VolumeInfo v) {
    buf.writeLong(v.id());
    putString(v.name());
    putFid(v.root());
    putString(v.server());
    return this;
  }

  public <T> Wire putList(List<T> items, java.util.function.BiConsumer<Wire, T> each) {
    if (items.size() > MAX_LIST) {
      throw new DfsException(Status.EINVAL, "list of " + items.size() + " exceeds " + MAX_LIST);
    }
    buf.writeInt(items.size());
    for (T t : items) {
      each.accept(this, t);
    }
    return this;
  }

  // ---- reading ----

  private void need(int n) {
    if (buf.readableBytes() < n) {
      throw new DfsException(Status.EPROTO, "truncated message: need " + n + " more bytes, have " + buf.readableBytes());
    }
  }

  public int getByte() {
    need(1);
    return buf.readUnsignedByte();
  }

  public boolean getBool() {
    int b = getByte();
    if (b > 1) {
      throw new DfsException(Status.EPROTO, "bad boolean byte " + b);
    }
    return b == 1;
  }

  public int getInt() {
    need(4);
    return buf.readInt();
  }

  public long getLong() {
    need(8);
    return buf.readLong();
  }

  private int getLength(int max, String what) {
    int n = getInt();
    if (n < 0 || n > max) {
      throw new DfsException(Status.EPROTO, what + " length " + n + " outside 0.." + max);
    }
    need(n);
    return n;
  }

  public String getString() {
    int n = getLength(MAX_STRING, "string");
    byte[] b = new byte[n];
    buf.readBytes(b);
    try {
      // Strict: new String(b, UTF_8) would turn malformed bytes into U+FFFD without a word.
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new DfsException(Status.EPROTO, "string of " + n + " bytes is not valid UTF-8");
    }
  }

  public String getOptString() {
    return getBool() ? getString() : null;
  }

  /** Reads a byte array of at most {@code max} bytes. */
  public byte[] getBytes(int max) {
    int n = getLength(max, "byte array");
    byte[] b = new byte[n];
    buf.readBytes(b);
    return b;
  }

  public Fid getFid() {
    return new Fid(getLong(), getLong(), getLong());
  }

  public Fid getOptFid() {
    return getBool() ? getFid() : null;
  }

  public Attr getAttr() {
    Fid fid = getFid();
    FileType type = FileType.ofCode(getByte());
    int mode = getInt();
    int nlink = getInt();
    int uid = getInt();
    int gid = getInt();
    long size = getLong();
    long atime = getLong();
    long mtime = getLong();
    long ctime = getLong();
    long version = getLong();
    try {
      return new Attr(fid, type, mode, nlink, uid, gid, size, atime, mtime, ctime, version);
    } catch (IllegalArgumentException e) {
      throw new DfsException(Status.EPROTO, "bad attributes: " + e.getMessage());
    }
  }

  public Attr getOptAttr() {
    return getBool() ? getAttr() : null;
  }

  public SetAttr getSetAttr() {
    int flags = getByte();
    if ((flags & ~63) != 0) {
      throw new DfsException(Status.EPROTO, "bad setattr flags " + flags);
    }
    Integer mode = (flags & 1) != 0 ? getInt() : null;
    Integer uid = (flags & 2) != 0 ? getInt() : null;
    Integer gid = (flags & 4) != 0 ? getInt() : null;
    Long size = (flags & 8) != 0 ? getLong() : null;
    Long atime = (flags & 16) != 0 ? getLong() : null;
    Long mtime = (flags & 32) != 0 ? getLong() : null;
    try {
      return new SetAttr(mode, uid, gid, size, atime, mtime);
    } catch (IllegalArgumentException e) {
      throw new DfsException(Status.EINVAL, e.getMessage());
    }
  }

  public DirEntry getDirEntry() {
    String name = getString();
    Fid fid = getFid();
    FileType type = FileType.ofCode(getByte());
    return new DirEntry(name, fid, type);
  }

  public VolumeInfo getVolume() {
    long id = getLong();
    String name = getString();
    Fid root = getFid();
    String server = getString();
    try {
      return new VolumeInfo(id, name, root, server);
    } catch (IllegalArgumentException e) {
      throw new DfsException(Status.EPROTO, "bad volume entry: " + e.getMessage());
    }
  }

  public <T> List<T> getList(Function<Wire, T> each) {
    int n = getInt();
    if (n < 0 || n > MAX_LIST) {
      throw new DfsException(Status.EPROTO, "list length " + n + " outside 0.." + MAX_LIST);
    }
    List<T> out = new ArrayList<>(Math.min(n, 1024));
    for (int i = 0; i < n; i++) {
      out.add(each.apply(this));
    }
    return List.copyOf(out);
  }
}
