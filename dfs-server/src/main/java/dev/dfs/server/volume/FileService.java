package dev.dfs.server.volume;

import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Fid;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import dev.dfs.protocol.Status;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.lmdbjava.LmdbException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vice's storage: volumes, vnodes and directories in LMDB, file contents in a chunked content
 * store beside it. Executes every file-system request of the protocol except the session-level
 * ones (Hello, Ping, GiveUp), which belong to the network layer.
 *
 * <p>On-disk layout under {@link StoreConfig#dataDir()}: {@code meta/} holds the LMDB
 * environment; {@code content/xx/<16 hex digits>} the immutable content chunks (at most 1 MiB
 * each; {@code xx} is bits 8-15 of the id, see ChunkFiles.fanOut). A change of content writes new chunks, fsyncs them,
 * then commits the LMDB transaction that points at them, so an acknowledged change survives a
 * crash and an unacknowledged one is invisible. {@link #open} removes chunks a crash left
 * unreferenced.
 *
 * <p>Thread-safe: {@link #execute} may be called from many threads at once.
 */
public final class FileService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FileService.class);
  private static final int LOCK_STRIPES = 1024;

  private final Db db;
  private final Engine engine;
  private final Content content;
  private final StoreSessions sessions;
  private final long epoch;
  private final Fid root;
  /** execute() holds the read side, close() the write side: the environment outlives every request. */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private FileService(Db db, Engine engine, Content content, StoreSessions sessions, long epoch, Fid root) {
    this.db = db;
    this.engine = engine;
    this.content = content;
    this.sessions = sessions;
    this.epoch = epoch;
    this.root = root;
  }

  /**
   * Opens the store in {@code config.dataDir()}, creating it (with the root volume "root") on
   * first start, recovering from a crash (orphan chunks are deleted) and starting a new epoch.
   *
   * @throws IllegalStateException if the LMDB metadata cannot be opened or read
   */
  public static FileService open(StoreConfig config) {
    return open(config, true);
  }

  /** {@code durable = false} skips LMDB's fsync at commit: for tests that build large trees only. */
  static FileService open(StoreConfig config, boolean durable) {
    Path data = config.dataDir();
    Path contentDir = data.resolve("content");
    ChunkFiles.createLayout(contentDir);
    Db db = Db.open(data.resolve("meta"), config.mapSizeBytes(), durable);
    try {
      // Bootstrapping needs only the metadata side; the content side starts with the epoch.
      Engine boot = new Engine(db, null, null, config.clock(), data, config.serverAddress());
      long epoch;
      Fid root;
      Set<Long> referenced;
      int drcDropped;
      long vnodes;
      int volumes;
      try (MetaTxn t = db.write()) {
        epoch = t.next("epoch");
        Long rootId = t.volumeId("root");
        if (rootId == null) {
          rootId = boot.createVolume(t, "root", Caller.ROOT, Engine.ROOT_VOLUME_MODE, Engine.nanos(config.clock())).id();
        }
        root = t.volume(rootId).root();
        drcDropped = Drc.prune(t, Engine.nanos(config.clock()));
        referenced = t.allChunkIds();
        vnodes = t.vnodeCount();
        volumes = t.volumes().size();
        t.commit();
      }
      long[] orphans = ChunkFiles.removeOrphans(contentDir, referenced);
      ChunkFiles files = new ChunkFiles(contentDir, epoch);
      Stripes stripes = new Stripes(LOCK_STRIPES);
      Engine engine = new Engine(db, files, stripes, config.clock(), data, config.serverAddress());
      StoreSessions sessions = new StoreSessions(epoch, files);
      LOG.info("Vice store {} opened: epoch {}, {} volumes, {} vnodes, {} chunks; recovery removed {} orphan "
              + "chunk files ({} bytes) and {} expired duplicate-request entries",
          data.toAbsolutePath(), epoch, volumes, vnodes, referenced.size(), orphans[0], orphans[1], drcDropped);
      return new FileService(db, engine, new Content(engine, sessions), sessions, epoch, root);
    } catch (LmdbException e) {
      db.close();
      throw new IllegalStateException("cannot read LMDB metadata at " + data.resolve("meta").toAbsolutePath()
          + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /** The metadata store, for tests in this package. */
  Db db() {
    return db;
  }

  /** This incarnation's epoch: 1 on first start, one more on each open. */
  public long epoch() {
    return epoch;
  }

  /** The root directory of volume "root". */
  public Fid root() {
    return root;
  }

  /**
   * Executes {@code request} for {@code caller}. Mutating requests with a non-null {@code key}
   * go through the duplicate-request cache: a retry of a request that committed gets the first
   * reply and is not executed again.
   *
   * @throws DfsException with the failure's status
   * @throws IllegalArgumentException for Hello, Ping and GiveUp, which the network layer answers
   */
  public Outcome execute(Caller caller, RequestKey key, Request request) {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(request, "request");
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new DfsException(Status.EIO, "file service is closed");
      }
      if (key != null && request.mutates()) {
        try (MetaTxn t = db.read()) {
          Reply cached = Drc.get(t, key, request);
          if (cached != null) {
            return Outcome.read(cached);
          }
        }
      }
      return dispatch(caller, key, request);
    } catch (LmdbException e) {
      throw Errors.lmdb(e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private Outcome dispatch(Caller c, RequestKey k, Request r) {
    if (r instanceof Request.Lookup q) {
      return engine.lookup(c, q);
    } else if (r instanceof Request.GetAttr q) {
      return engine.getAttr(q);
    } else if (r instanceof Request.Fetch q) {
      return content.fetch(c, q);
    } else if (r instanceof Request.ReadDir q) {
      return engine.readDir(c, q);
    } else if (r instanceof Request.Write q) {
      return content.write(c, k, q);
    } else if (r instanceof Request.SetAttrs q) {
      return content.setAttrs(c, k, q);
    } else if (r instanceof Request.Create q) {
      return engine.create(c, k, q);
    } else if (r instanceof Request.Mkdir q) {
      return engine.mkdir(c, k, q);
    } else if (r instanceof Request.Remove q) {
      return engine.remove(c, k, q);
    } else if (r instanceof Request.Rmdir q) {
      return engine.rmdir(c, k, q);
    } else if (r instanceof Request.Rename q) {
      return engine.rename(c, k, q);
    } else if (r instanceof Request.Link q) {
      return engine.hardLink(c, k, q);
    } else if (r instanceof Request.Symlink q) {
      return engine.symlink(c, k, q);
    } else if (r instanceof Request.Readlink q) {
      return engine.readlink(q);
    } else if (r instanceof Request.StoreBegin q) {
      return content.storeBegin(c, q);
    } else if (r instanceof Request.StoreData q) {
      return content.storeData(c, q);
    } else if (r instanceof Request.StoreCommit q) {
      return content.storeCommit(c, k, q);
    } else if (r instanceof Request.StoreAbort q) {
      return content.storeAbort(c, q);
    } else if (r instanceof Request.VolCreate q) {
      return engine.volCreate(c, k, q);
    } else if (r instanceof Request.VolList) {
      return engine.volList();
    } else if (r instanceof Request.VolLookup q) {
      return engine.volLookup(q);
    } else if (r instanceof Request.Statfs q) {
      return engine.statfs(q);
    }
    throw new IllegalArgumentException(r.op() + " is answered by the network layer, not the file service");
  }

  /** Discards open stores and closes LMDB. Idempotent. */
  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      sessions.discardAll();
      db.close();
    } finally {
      lifecycle.writeLock().unlock();
    }
  }
}
