package dev.dfs.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** Replies from server to client, matched to their request by the frame's request id. */
public sealed interface Reply extends Message {

  /** Answers {@link Request.Hello}: the server's protocol version, epoch and root directory. */
  record HelloOk(int version, long serverEpoch, String serverId, long callbackTtlMillis, Fid root)
      implements Reply {
    @Override
    public Op op() {
      return Op.HELLO_OK;
    }

    @Override
    public void write(Wire out) {
      out.putInt(version).putLong(serverEpoch).putString(serverId).putLong(callbackTtlMillis).putFid(root);
    }

    static HelloOk read(Wire in) {
      return new HelloOk(in.getInt(), in.getLong(), in.getString(), in.getLong(), in.getFid());
    }
  }

  /** The request failed. */
  record Error(Status status, String message) implements Reply {
    public Error {
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public Op op() {
      return Op.ERROR;
    }

    @Override
    public void write(Wire out) {
      out.putInt(status.code()).putString(message);
    }

    static Error read(Wire in) {
      return new Error(Status.ofCode(in.getInt()), in.getString());
    }

    public DfsException toException() {
      return new DfsException(status == Status.OK ? Status.EPROTO : status, message);
    }
  }

  /** The request succeeded and has nothing to return. */
  record Ok() implements Reply {
    @Override
    public Op op() {
      return Op.OK;
    }

    @Override
    public void write(Wire out) {}

    static Ok read(Wire in) {
      return new Ok();
    }
  }

  record Volume(VolumeInfo volume) implements Reply {
    @Override
    public Op op() {
      return Op.VOLUME;
    }

    @Override
    public void write(Wire out) {
      out.putVolume(volume);
    }

    static Volume read(Wire in) {
      return new Volume(in.getVolume());
    }
  }

  record Volumes(List<VolumeInfo> volumes) implements Reply {
    public Volumes {
      volumes = List.copyOf(volumes);
    }

    @Override
    public Op op() {
      return Op.VOLUMES;
    }

    @Override
    public void write(Wire out) {
      out.putList(volumes, Wire::putVolume);
    }

    static Volumes read(Wire in) {
      return new Volumes(in.getList(Wire::getVolume));
    }
  }

  /** Space figures, as statfs(2) reports them. */
  record FsStat(long totalBytes, long freeBytes, long availableBytes, long files, long freeFiles)
      implements Reply {
    @Override
    public Op op() {
      return Op.FSSTAT;
    }

    @Override
    public void write(Wire out) {
      out.putLong(totalBytes).putLong(freeBytes).putLong(availableBytes).putLong(files).putLong(freeFiles);
    }

    static FsStat read(Wire in) {
      return new FsStat(in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong());
    }
  }

  record Attrs(Attr attr) implements Reply {
    public Attrs {
      Objects.requireNonNull(attr, "attr");
    }

    @Override
    public Op op() {
      return Op.ATTRS;
    }

    @Override
    public void write(Wire out) {
      out.putAttr(attr);
    }

    static Attrs read(Wire in) {
      return new Attrs(in.getAttr());
    }
  }

  /** One page of a directory; {@code nextCookie} continues it unless {@code eof}. */
  record DirPage(Attr dir, List<DirEntry> entries, long nextCookie, boolean eof) implements Reply {
    public DirPage {
      Objects.requireNonNull(dir, "dir");
      entries = List.copyOf(entries);
    }

    @Override
    public Op op() {
      return Op.DIR_PAGE;
    }

    @Override
    public void write(Wire out) {
      out.putAttr(dir).putList(entries, Wire::putDirEntry).putLong(nextCookie).putBool(eof);
    }

    static DirPage read(Wire in) {
      return new DirPage(in.getAttr(), in.getList(Wire::getDirEntry), in.getLong(), in.getBool());
    }
  }

  /**
   * A directory changed: its new attributes and those of the entry concerned (the new object,
   * or for a remove the object's remaining attributes, {@code null} once it is gone).
   */
  record Entry(Attr dir, Attr child) implements Reply {
    public Entry {
      Objects.requireNonNull(dir, "dir");
    }

    @Override
    public Op op() {
      return Op.ENTRY;
    }

    @Override
    public void write(Wire out) {
      out.putAttr(dir).putOptAttr(child);
    }

    static Entry read(Wire in) {
      return new Entry(in.getAttr(), in.getOptAttr());
    }
  }

  /** A rename happened: both directories' and the moved object's new attributes. */
  record Renamed(Attr fromDir, Attr toDir, Attr moved) implements Reply {
    public Renamed {
      Objects.requireNonNull(fromDir, "fromDir");
      Objects.requireNonNull(toDir, "toDir");
      Objects.requireNonNull(moved, "moved");
    }

    @Override
    public Op op() {
      return Op.RENAMED;
    }

    @Override
    public void write(Wire out) {
      out.putAttr(fromDir).putAttr(toDir).putAttr(moved);
    }

    static Renamed read(Wire in) {
      return new Renamed(in.getAttr(), in.getAttr(), in.getAttr());
    }
  }

  record LinkTarget(String target) implements Reply {
    @Override
    public Op op() {
      return Op.LINK_TARGET;
    }

    @Override
    public void write(Wire out) {
      out.putString(target);
    }

    static LinkTarget read(Wire in) {
      return new LinkTarget(in.getString());
    }
  }

  /**
   * File data at {@code offset}, with the attributes of the version it was read from (so a
   * client that reads a file in several chunks can tell that they belong to one version).
   * Fewer bytes than asked for means end of file.
   */
  record Data(Attr attr, long offset, byte[] data) implements Reply {
    public Data {
      Objects.requireNonNull(attr, "attr");
      Wire.checkLength(data, Request.MAX_CHUNK, "data");
    }

    @Override
    public Op op() {
      return Op.DATA;
    }

    @Override
    public void write(Wire out) {
      out.putAttr(attr).putLong(offset).putBytes(data);
    }

    static Data read(Wire in) {
      return new Data(in.getAttr(), in.getLong(), in.getBytes(Request.MAX_CHUNK));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Data d && attr.equals(d.attr) && offset == d.offset && Arrays.equals(data, d.data);
    }

    @Override
    public int hashCode() {
      return Objects.hash(attr, offset, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
      return "Data[attr=" + attr + ", offset=" + offset + ", " + data.length + " bytes]";
    }
  }

  /** A whole-file store was opened; send its chunks under {@code storeId}. */
  record StoreOpened(long storeId) implements Reply {
    @Override
    public Op op() {
      return Op.STORE_OPENED;
    }

    @Override
    public void write(Wire out) {
      out.putLong(storeId);
    }

    static StoreOpened read(Wire in) {
      return new StoreOpened(in.getLong());
    }
  }
}
