package dev.dfs.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Requests from client to server. Every request is self-contained: it names its objects by
 * {@link Fid}, and ranges by offset and length, so it can be retried against a restarted server.
 */
public sealed interface Request extends Message {

  /** Whether the request changes server state (and so goes through the duplicate-request cache). */
  default boolean mutates() {
    return false;
  }

  /** Largest data payload of one fetch, write or store chunk. */
  int MAX_CHUNK = 1 << 20;

  /**
   * Opens a session. {@code clientId} is stable across reconnections of the same client, so a
   * retried request is recognised; {@code uid}/{@code gid} are the caller's identity (the slot
   * for real credentials, {@code credentials}, is carried but not yet checked).
   */
  record Hello(int version, String clientId, int uid, int gid, boolean callbacks, byte[] credentials)
      implements Request {
    /** Largest credentials blob in bytes. */
    public static final int MAX_CREDENTIALS = 4096;

    public Hello {
      Objects.requireNonNull(clientId, "clientId");
      Wire.checkLength(credentials, MAX_CREDENTIALS, "credentials");
    }

    @Override
    public Op op() {
      return Op.HELLO;
    }

    @Override
    public void write(Wire out) {
      out.putInt(version).putString(clientId).putInt(uid).putInt(gid).putBool(callbacks).putBytes(credentials);
    }

    static Hello read(Wire in) {
      return new Hello(in.getInt(), in.getString(), in.getInt(), in.getInt(), in.getBool(), in.getBytes(MAX_CREDENTIALS));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Hello h && version == h.version && clientId.equals(h.clientId) && uid == h.uid
          && gid == h.gid && callbacks == h.callbacks && Arrays.equals(credentials, h.credentials);
    }

    @Override
    public int hashCode() {
      return Objects.hash(version, clientId, uid, gid, callbacks, Arrays.hashCode(credentials));
    }

    @Override
    public String toString() {
      return "Hello[version=" + version + ", clientId=" + clientId + ", uid=" + uid + ", gid=" + gid
          + ", callbacks=" + callbacks + ", credentials=" + credentials.length + " bytes]";
    }
  }

  /** Liveness check; answered with {@link Reply.Ok}. */
  record Ping() implements Request {
    @Override
    public Op op() {
      return Op.PING;
    }

    @Override
    public void write(Wire out) {}

    static Ping read(Wire in) {
      return new Ping();
    }
  }

  /** Creates a volume, and mounts it at {@code mountDir/mountName} when both are given. */
  record VolCreate(String name, Fid mountDir, String mountName) implements Request {
    @Override
    public Op op() {
      return Op.VOL_CREATE;
    }

    @Override
    public boolean mutates() {
      return true;
    }

    @Override
    public void write(Wire out) {
      out.putString(name).putOptFid(mountDir).putOptString(mountName);
    }

    static VolCreate read(Wire in) {
      return new VolCreate(in.getString(), in.getOptFid(), in.getOptString());
    }
  }

  record VolList() implements Request {
    @Override
    public Op op() {
      return Op.VOL_LIST;
    }

    @Override
    public void write(Wire out) {}

    static VolList read(Wire in) {
      return new VolList();
    }
  }

  /** Finds a volume by name in the volume location database. */
  record VolLookup(String name) implements Request {
    @Override
    public Op op() {
      return Op.VOL_LOOKUP;
    }

    @Override
    public void write(Wire out) {
      out.putString(name);
    }

    static VolLookup read(Wire in) {
      return new VolLookup(in.getString());
    }
  }

  /** Space figures of the store that holds {@code volume}. */
  record Statfs(long volume) implements Request {
    @Override
    public Op op() {
      return Op.STATFS;
    }

    @Override
    public void write(Wire out) {
      out.putLong(volume);
    }

    static Statfs read(Wire in) {
      return new Statfs(in.getLong());
    }
  }

  record Lookup(Fid dir, String name) implements Request {
    @Override
    public Op op() {
      return Op.LOOKUP;
    }

    @Override
    public void write(Wire out) {
      out.putFid(dir).putString(name);
    }

    static Lookup read(Wire in) {
      return new Lookup(in.getFid(), in.getString());
    }
  }

  record GetAttr(Fid fid) implements Request {
    @Override
    public Op op() {
      return Op.GETATTR;
    }

    @Override
    public void write(Wire out) {
      out.putFid(fid);
    }

    static GetAttr read(Wire in) {
      return new GetAttr(in.getFid());
    }
  }

  record SetAttrs(Fid fid, SetAttr change) implements Request {
    @Override
    public Op op() {
      return Op.SETATTR;
    }

    @Override
    public boolean mutates() {
      return true;
    }

    @Override
    public void write(Wire out) {
      out.putFid(fid).putSetAttr(change);
    }

    static SetAttrs read(Wire in) {
      return new SetAttrs(in.getFid(), in.getSetAttr());
    }
  }

  /**
   * One page of a directory: up to {@code max} entries after position {@code cookie} (0 for the
   * first page; then the {@code nextCookie} of the previous page).
   */
  record ReadDir(Fid dir, long cookie, int max) implements Request {
    @Override
    public Op op() {
      return Op.READDIR;
    }

    @Override
    public void write(Wire out) {
      out.putFid(dir).putLong(cookie).putInt(max);
    }

    static ReadDir read(Wire in) {
      return new ReadDir(in.getFid(), in.getLong(), in.getInt());
    }
  }

  /** Creates a regular file; without {@code exclusive} an existing file is returned as is. */
  record Create(Fid dir, String name, int mode, boolean exclusive) implements Request {
    @Override
    public Op op() {
      return Op.CREATE;
    }

    @Override
    public boolean mutates() {
      return true;
    }

    @Override
    public void write(Wire out) {
      out.putFid(dir).putString(name).putInt(mode).putBool(exclusive);
    }

    static Create read(Wire in) {
      return new Create(in.getFid(), in.getString(), in.getInt(), in.getBool());
    }
  }

  record Mkdir(Fid dir, String name, int mode) implements Request {
    @Override
    public Op op() {
      return Op.MKDIR;
    }

    @Override
    public boolean mutates() {
      return true;
    }

    @Override
    public void write(Wire out) {
      out.putFid(dir).putString(name).putInt(mode);
    }

    static Mkdir read(Wire in) {
      return new Mkdir(in.getFid(), in.getString(), in.getInt());
    }
  }

  /** Removes a non-directory entry (unlink). */
  record Remove(Fid dir, String name) implements Request {
    @Override
    public Op op() {
      return Op.REMOVE;
    }

    @Override
    public boolean mutates() {
      return true;
    }

    @Override
    public void write(Wire out) {
      out.putFid(dir).putString(name);
    }

    static Remove read(Wire in) {
      return new Remove(in.getFid(), in.getString());
    }
  }

  record Rmdir(Fid dir, String name) implements Request {
    @Override
    public Op op() {
      return Op.RMDIR;
    }

    @Override
    public boolean mutates() {
      return true;
    }

    @Override
    public void write(Wire out) {
      out.putFid(dir).putString(name);
    }

    static Rmdir read(Wire in) {
      return new Rmdir(in.getFid(), in.getString());
    }
  }

  /** Atomic rename; replaces an existing target as rename(2) does; EXDEV across volumes. */
  record Rename(Fid fromDir, String fromName, Fid toDir, String toName) implements Request {
    @Override
    public Op op() {
      return Op.RENAME;
    }

    @Override
    public boolean mutates() {
      return true;
    }

    @Override
    public void write(Wire out) {
      out.putFid(fromDir).putString(fromName).putFid(toDir).putString(toName);
    }

    static Rename read(Wire in) {
      return new Rename(in.getFid(), in.getString(), in.getFid(), in.getString());
    }
  }

  /** Hard link: a new entry {@code dir/name} for the existing file {@code file}. */
  record Link(Fid file, Fid dir, String name) implements Request {
    @Override
    public Op op() {
      return Op.LINK;
    }

    @Override
    public boolean mutates() {
      return true;
    }

    @Override
    public void write(Wire out) {
      out.putFid(file).putFid(dir).putString(name);
    }

    static Link read(Wire in) {
      return new Link(in.getFid(), in.getFid(), in.getString());
    }
  }

  record Symlink(Fid dir, String name, String target) implements Request {
    @Override
    public Op op() {
      return Op.SYMLINK;
    }

    @Override
    public boolean mutates() {
      return true;
    }

    @Override
    public void write(Wire out) {
      out.putFid(dir).putString(name).putString(target);
    }

    static Symlink read(Wire in) {
      return new Symlink(in.getFid(), in.getString(), in.getString());
    }
  }

  record Readlink(Fid fid) implements Request {
    @Override
    public Op op() {
      return Op.READLINK;
    }

    @Override
    public void write(Wire out) {
      out.putFid(fid);
    }

    static Readlink read(Wire in) {
      return new Readlink(in.getFid());
    }
  }

  /**
   * Reads {@code length} bytes (at most {@link #MAX_CHUNK}) at {@code offset}. On a connection
   * that asked for callbacks, it also registers a callback promise on the file.
   */
  record Fetch(Fid fid, long offset, int length) implements Request {
    @Override
    public Op op() {
      return Op.FETCH;
    }

    @Override
    public void write(Wire out) {
      out.putFid(fid).putLong(offset).putInt(length);
    }

    static Fetch read(Wire in) {
      return new Fetch(in.getFid(), in.getLong(), in.getInt());
    }
  }

  /** A self-contained range store, durable and visible when acknowledged (NFS WRITE, FILE_SYNC). */
  record Write(Fid fid, long offset, byte[] data) implements Request {
    public Write {
      Wire.checkLength(data, MAX_CHUNK, "data");
    }

    @Override
    public Op op() {
      return Op.WRITE;
    }

    @Override
    public boolean mutates() {
      return true;
    }

    @Override
    public void write(Wire out) {
      out.putFid(fid).putLong(offset).putBytes(data);
    }

    static Write read(Wire in) {
      return new Write(in.getFid(), in.getLong(), in.getBytes(MAX_CHUNK));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Write w && fid.equals(w.fid) && offset == w.offset && Arrays.equals(data, w.data);
    }

    @Override
    public int hashCode() {
      return Objects.hash(fid, offset, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
      return "Write[fid=" + fid + ", offset=" + offset + ", " + data.length + " bytes]";
    }
  }

  /**
   * Starts a whole-file store. Chunks sent with {@link StoreData} stay invisible until
   * {@link StoreCommit}; a store that is not committed leaves the file as it was. With
   * {@code baseVersion >= 0} the commit fails with ECONFLICT if the file changed since then.
   */
  record StoreBegin(Fid fid, long baseVersion) implements Request {
    @Override
    public Op op() {
      return Op.STORE_BEGIN;
    }

    @Override
    public void write(Wire out) {
      out.putFid(fid).putLong(baseVersion);
    }

    static StoreBegin read(Wire in) {
      return new StoreBegin(in.getFid(), in.getLong());
    }
  }

  record StoreData(long storeId, long offset, byte[] data) implements Request {
    public StoreData {
      Wire.checkLength(data, MAX_CHUNK, "data");
    }

    @Override
    public Op op() {
      return Op.STORE_DATA;
    }

    @Override
    public void write(Wire out) {
      out.putLong(storeId).putLong(offset).putBytes(data);
    }

    static StoreData read(Wire in) {
      return new StoreData(in.getLong(), in.getLong(), in.getBytes(MAX_CHUNK));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof StoreData s && storeId == s.storeId && offset == s.offset && Arrays.equals(data, s.data);
    }

    @Override
    public int hashCode() {
      return Objects.hash(storeId, offset, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
      return "StoreData[storeId=" + storeId + ", offset=" + offset + ", " + data.length + " bytes]";
    }
  }

  /** Makes the stored content, of length {@code size}, the file's new content, durably. */
  record StoreCommit(long storeId, long size) implements Request {
    @Override
    public Op op() {
      return Op.STORE_COMMIT;
    }

    @Override
    public boolean mutates() {
      return true;
    }

    @Override
    public void write(Wire out) {
      out.putLong(storeId).putLong(size);
    }

    static StoreCommit read(Wire in) {
      return new StoreCommit(in.getLong(), in.getLong());
    }
  }

  record StoreAbort(long storeId) implements Request {
    @Override
    public Op op() {
      return Op.STORE_ABORT;
    }

    @Override
    public void write(Wire out) {
      out.putLong(storeId);
    }

    static StoreAbort read(Wire in) {
      return new StoreAbort(in.getLong());
    }
  }

  /** The client drops its cached copies of these objects and no longer wants their callbacks. */
  record GiveUp(List<Fid> fids) implements Request {
    public GiveUp {
      fids = List.copyOf(fids);
    }

    @Override
    public Op op() {
      return Op.GIVE_UP;
    }

    @Override
    public void write(Wire out) {
      out.putList(fids, Wire::putFid);
    }

    static GiveUp read(Wire in) {
      return new GiveUp(in.getList(Wire::getFid));
    }
  }

  /** The client has dropped what a {@link Push.CallbackBreak} named; answered with {@link Reply.Ok}. */
  record BreakAck(long breakId) implements Request {
    @Override
    public Op op() {
      return Op.BREAK_ACK;
    }

    @Override
    public void write(Wire out) {
      out.putLong(breakId);
    }

    static BreakAck read(Wire in) {
      return new BreakAck(in.getLong());
    }
  }
}
