package dev.dfs.migration.agent;

import dev.dfs.migration.policy.HostId;
import dev.dfs.migration.policy.JobId;
import dev.dfs.protocol.DfsException;
import dev.dfs.protocol.Status;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/** Job records, epoch markers and checkpoints under one root directory of the DFS. */
final class JobStore {
  static final String RECORD = "job.properties";
  private static final long MAGIC = 0x4446_5343_4b50_5431L; // "DFSCKPT1"
  private static final int CHUNK = 1 << 20;
  private static final int STALE_RETRIES = 10;
  private static final AtomicLong TEMP = new AtomicLong();

  private final Path root;
  private final HostId self;

  JobStore(Path root, HostId self) {
    this.root = root;
    this.self = self;
  }

  Path root() {
    return root;
  }

  Path dir(JobId job) {
    return root.resolve(job.value());
  }

  /** The jobs with a record, in name order. */
  List<JobId> list() throws IOException {
    List<JobId> ids = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return ids;
    }
    try (var s = Files.newDirectoryStream(root)) {
      for (Path p : s) {
        if (Files.exists(p.resolve(RECORD))) {
          ids.add(new JobId(p.getFileName().toString()));
        }
      }
    }
    ids.sort(null);
    return ids;
  }

  /** The current version of {@code job}'s record. */
  JobRecord read(JobId job) throws IOException {
    byte[] b;
    for (int attempt = 1; ; attempt++) {
      try {
        b = Files.readAllBytes(dir(job).resolve(RECORD));
        break;
      } catch (java.nio.file.FileSystemException e) {
        // The record was replaced (renamed over) between the client's name lookup and its read:
        // the old file is gone (ESTALE). Reading again finds the new one.
        if (!stale(e) || attempt >= STALE_RETRIES) {
          throw e;
        }
      }
    }
    Properties p = new Properties();
    p.load(new StringReader(new String(b, StandardCharsets.UTF_8)));
    List<String> args = new ArrayList<>();
    int n = Integer.parseInt(p.getProperty("args.count", "0"));
    for (int i = 0; i < n; i++) {
      args.add(p.getProperty("args." + i));
    }
    List<String> history = new ArrayList<>();
    int h = Integer.parseInt(p.getProperty("history.count", "0"));
    for (int i = 0; i < h; i++) {
      history.add(p.getProperty("history." + i));
    }
    String target = p.getProperty("target");
    return new JobRecord(new JobId(p.getProperty("job")), p.getProperty("class"), args,
        JobState.valueOf(p.getProperty("state")), new HostId(p.getProperty("host")),
        target == null ? null : new HostId(target), Long.parseLong(p.getProperty("epoch")),
        Long.parseLong(p.getProperty("checkpoint")), history);
  }

  /**
   * Writes {@code r} as the next version if this agent wins its epoch (see {@link JobRecord}).
   *
   * @throws ConcurrentJobChangeException if another agent claimed that epoch first
   */
  void write(JobRecord r) throws IOException {
    Path d = Files.createDirectories(dir(r.job()));
    try {
      Files.write(d.resolve("epoch-" + r.epoch()), self.name().getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      throw new ConcurrentJobChangeException(r.job(), r.epoch());
    }
    TreeMap<String, String> m = new TreeMap<>();
    m.put("job", r.job().value());
    m.put("class", r.taskClass());
    m.put("state", r.state().name());
    m.put("host", r.host().name());
    if (r.target() != null) {
      m.put("target", r.target().name());
    }
    m.put("epoch", Long.toString(r.epoch()));
    m.put("checkpoint", Long.toString(r.checkpoint()));
    m.put("args.count", Integer.toString(r.args().size()));
    for (int i = 0; i < r.args().size(); i++) {
      m.put("args." + i, r.args().get(i));
    }
    m.put("history.count", Integer.toString(r.history().size()));
    for (int i = 0; i < r.history().size(); i++) {
      m.put("history." + i, r.history().get(i));
    }
    Properties p = new Properties();
    p.putAll(m);
    StringWriter w = new StringWriter();
    p.store(w, null);
    StringBuilder text = new StringBuilder();
    for (String line : w.toString().split("\n")) {
      if (!line.startsWith("#")) {
        text.append(line).append('\n'); // drop the date comment: records are deterministic
      }
    }
    replace(d.resolve(RECORD), out -> out.write(text.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** Writes checkpoint {@code n} of {@code job} atomically; returns the bytes written. */
  long writeCheckpoint(JobId job, long n, byte[] state) throws IOException {
    Path d = Files.createDirectories(dir(job));
    CRC32 crc = new CRC32();
    crc.update(state);
    replace(d.resolve("checkpoint-" + n), out -> {
      DataOutputStream data = new DataOutputStream(out);
      data.writeLong(MAGIC);
      data.writeLong(state.length);
      data.writeLong(crc.getValue());
      for (int off = 0; off < state.length; off += CHUNK) {
        data.write(state, off, Math.min(CHUNK, state.length - off));
      }
      data.flush();
    });
    return 24L + state.length;
  }

  /** Reads checkpoint {@code n} of {@code job} and checks its header and checksum. */
  byte[] readCheckpoint(JobId job, long n) throws IOException {
    Path p = dir(job).resolve("checkpoint-" + n);
    try (InputStream in = Files.newInputStream(p)) {
      DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in, CHUNK));
      if (data.readLong() != MAGIC) {
        throw new IOException("not a checkpoint: " + p);
      }
      long len = data.readLong();
      long sum = data.readLong();
      if (len < 0 || len > Integer.MAX_VALUE - 8) {
        throw new IOException("bad checkpoint length " + len + ": " + p);
      }
      byte[] state = new byte[(int) len];
      data.readFully(state);
      CRC32 crc = new CRC32();
      crc.update(state);
      if (crc.getValue() != sum) {
        throw new IOException("checkpoint checksum mismatch: " + p);
      }
      return state;
    }
  }

  /** Deletes checkpoints of {@code job} older than {@code keep}. */
  void pruneCheckpoints(JobId job, long keep) throws IOException {
    for (long n = keep - 1; n >= 0; n--) {
      try {
        Files.delete(dir(job).resolve("checkpoint-" + n));
      } catch (NoSuchFileException e) {
        return; // older ones were pruned before
      }
    }
  }

  private static boolean stale(IOException e) {
    return e.getCause() instanceof DfsException d && d.status() == Status.ESTALE;
  }

  private interface Writer {
    void write(OutputStream out) throws IOException;
  }

  /** Writes a temporary file beside {@code target}, then renames it over {@code target}. */
  private void replace(Path target, Writer body) throws IOException {
    Path tmp = target.resolveSibling("." + target.getFileName() + "." + self.name() + "." + TEMP.incrementAndGet()
        + ".tmp");
    try {
      try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), CHUNK)) {
        body.write(out);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }
}
