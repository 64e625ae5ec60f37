package dev.dfs.server.volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.LmdbException;

/**
 * The LMDB environment of the server and its tables. Each table's layout is documented at its
 * field; {@link Keys} builds the keys, {@link MetaTxn} reads and writes the values.
 */
final class Db implements AutoCloseable {
  final Path dir;
  final Env<ByteBuffer> env;
  /** String key to 8-byte counter: epoch, nextVolume, nextUniq. */
  final Dbi<ByteBuffer> meta;
  /** Volume id to volume record (name, root uniquifier, next vnode number, server). */
  final Dbi<ByteBuffer> volumes;
  /** Volume name (UTF-8) to volume id. */
  final Dbi<ByteBuffer> volNames;
  /** (volume, vnode) to {@link Vnode} record. */
  final Dbi<ByteBuffer> vnodes;
  /** (volume, dir vnode, name) to (position, child FID, type): name lookup. */
  final Dbi<ByteBuffer> dirents;
  /** (volume, dir vnode, position) to (child FID, type, name): readdir in position order. */
  final Dbi<ByteBuffer> dirSeq;
  /** (volume, vnode, chunk index) to chunk id; an absent index is a hole. */
  final Dbi<ByteBuffer> chunks;
  /** (client key, request id) to (time, reply frame): the duplicate-request cache. */
  final Dbi<ByteBuffer> drc;
  /** Client key to number of its entries in {@link #drc}. */
  final Dbi<ByteBuffer> drcClients;

  private Db(Path dir, Env<ByteBuffer> env) {
    this.dir = dir;
    this.env = env;
    this.meta = env.openDbi("meta", DbiFlags.MDB_CREATE);
    this.volumes = env.openDbi("volumes", DbiFlags.MDB_CREATE);
    this.volNames = env.openDbi("volnames", DbiFlags.MDB_CREATE);
    this.vnodes = env.openDbi("vnodes", DbiFlags.MDB_CREATE);
    this.dirents = env.openDbi("dirents", DbiFlags.MDB_CREATE);
    this.dirSeq = env.openDbi("dirseq", DbiFlags.MDB_CREATE);
    this.chunks = env.openDbi("chunks", DbiFlags.MDB_CREATE);
    this.drc = env.openDbi("drc", DbiFlags.MDB_CREATE);
    this.drcClients = env.openDbi("drcclients", DbiFlags.MDB_CREATE);
  }

  /**
   * Opens (creating if needed) the environment in {@code dir}. Default sync mode: a commit is on
   * disk when it returns. MDB_NOTLS because worker threads come from pools.
   */
  static Db open(Path dir, long mapSize, boolean durable) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create metadata directory " + dir, e);
    }
    Env<ByteBuffer> env;
    try {
      EnvFlags[] flags = durable
          ? new EnvFlags[] {EnvFlags.MDB_NOTLS}
          : new EnvFlags[] {EnvFlags.MDB_NOTLS, EnvFlags.MDB_NOSYNC};
      env = Env.create().setMapSize(mapSize).setMaxDbs(16).setMaxReaders(1024).open(dir.toFile(), flags);
    } catch (LmdbException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot open LMDB metadata at " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    try {
      return new Db(dir, env);
    } catch (LmdbException e) {
      env.close();
      throw new IllegalStateException("cannot read LMDB metadata at " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }

  MetaTxn read() {
    return new MetaTxn(this, env.txnRead());
  }

  MetaTxn write() {
    return new MetaTxn(this, env.txnWrite());
  }

  @Override
  public void close() {
    env.close();
  }
}
