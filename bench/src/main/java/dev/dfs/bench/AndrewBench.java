package dev.dfs.bench;

import dev.dfs.client.ClientConfig;
import dev.dfs.client.Consistency;
import dev.dfs.client.DfsClient;
import dev.dfs.vfs.fuse.FuseMount;
import dev.dfs.vfs.sftp.SftpGateway;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Andrew benchmark and two bulk workloads on four file systems in one run: the local disk,
 * the DFS through its FUSE mount (session mode, with a client cache), sshfs to the DFS's SFTP
 * gateway, and sshfs to OpenSSH's sftp-server (all on loopback). Every workload goes through
 * plain file system calls on a directory of each target, so the same code times all four.
 *
 * <ul>
 *   <li>Andrew phases on a generated C source tree ({@link SourceTree}): MakeDir (create the
 *       directories), Copy (write the files in), ScanDir (stat every entry, as {@code ls -lR}),
 *       ReadAll (read every byte, as {@code grep -r}), Make ({@code make -j2} in the tree).
 *   <li>Sequential: one file written in 1 MiB writes then fsync'd and closed, then read back in
 *       1 MiB reads (warm: the page cache is not dropped).
 *   <li>Small files: N files of 1 KiB created in one directory, then each stat'd, then each removed.
 * </ul>
 *
 * <pre>
 * bench/run --andrew [--write-results] [--quick]
 * </pre>
 */
public final class AndrewBench {
  static final String SECTION = "andrew";
  static final String LOCAL = "local";
  static final String FUSE = "DFS FUSE";
  static final String GATEWAY = "sshfs→gateway";
  static final String OPENSSH = "sshfs→sftp-server";
  private static final List<String> TARGETS = List.of(LOCAL, FUSE, GATEWAY, OPENSSH);
  private static final List<String> PHASES = List.of("MakeDir", "Copy", "ScanDir", "ReadAll", "Make");
  private static final int SMALL_BYTES = 1024;

  /** {@code createBudgetSeconds}: the small-file create phase stops there on slow targets (the rest covers what it made). */
  record Params(int rounds, long seqBytes, int smallFiles, int createBudgetSeconds) {}

  static final Params FULL = new Params(2, 1L << 30, 10_000, 45);
  static final Params QUICK = new Params(1, 128L << 20, 2_000, 15);

  /** One file system under test: where its benchmark directory is, or why it is not there. */
  private static final class Where {
    final String name;
    Path root;
    String unavailable;
    String failed;

    Where(String name) {
      this.name = name;
    }

    boolean usable() {
      return unavailable == null && failed == null;
    }

    String reason() {
      return unavailable != null ? unavailable : "failed: " + failed;
    }
  }

  private final Params params;
  private final SourceTree tree = new SourceTree();
  private final Report report = Report.againstBaseline(TARGETS, LOCAL);
  private final Map<String, Where> where = new LinkedHashMap<>();
  private final Map<String, long[][]> phaseNanos = new LinkedHashMap<>(); // target -> [round][phase]
  private final List<String> notes = new ArrayList<>();
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private String progOutput;
  private Path logs;

  private AndrewBench(Params params) {
    this.params = params;
    for (String t : TARGETS) {
      where.put(t, new Where(t));
      phaseNanos.put(t, new long[params.rounds()][PHASES.size()]);
    }
  }

  public static void main(String[] args) throws Exception {
    BenchArgs a = BenchArgs.parse(args, "AndrewBench", SECTION,
        "1 round, 128 MiB sequential, 2,000 small files (about 2 minutes)",
        "where the local target, the DFS data and caches and the sshd-served directory go",
        java.util.Map.of("--targets", "only these of local,fuse,gateway,openssh (the others say n/a)"));
    if (a == null) {
      return;
    }
    AndrewBench b = new AndrewBench(a.quick() ? QUICK : FULL);
    if (a.extra().containsKey("--targets")) {
      List<String> only = List.of(a.extra().get("--targets").split(","));
      List<String> keys = List.of("local", "fuse", "gateway", "openssh");
      for (String o : only) {
        if (!keys.contains(o)) {
          throw new IllegalArgumentException("--targets: unknown " + o + "; choose from " + keys);
        }
      }
      for (int k = 0; k < keys.size(); k++) {
        if (!only.contains(keys.get(k))) {
          b.where.get(TARGETS.get(k)).unavailable = "not selected (--targets)";
        }
      }
    }
    a.publish(b.run(a.dir(), a.quick()));
    System.exit(0); // libfuse and MINA threads may linger after close
  }



  private static void progress(String format, Object... args) {
    FoundationBench.progress(format, args);
  }

  // ---- set-up and tear-down ----

  private String run(Path parent, boolean quick) throws Exception {
    long start = System.nanoTime();
    Files.createDirectories(parent);
    Path base = Files.createTempDirectory(parent, "dfs-andrew-bench-");
    logs = Files.createDirectories(base.resolve("logs"));
    Machine machine = Machine.probe(base);
    Thread hook = new Thread(this::closeAll, "andrew-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    String sshVersions = Sshfs.versions();
    try {
      setUp(base);
      for (int r = 0; r < params.rounds(); r++) {
        for (Where w : where.values()) {
          andrewRound(w, r);
        }
      }
      andrewRows();
      for (Where w : where.values()) {
        sequential(w);
      }
      for (Where w : where.values()) {
        smallFiles(w);
      }
    } finally {
      closeAll();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException ignored) {
        // shutting down already
      }
      try {
        FoundationBench.deleteTree(base);
      } catch (RuntimeException e) {
        progress("could not delete %s: %s", base, e.getMessage());
      }
    }
    return section(machine, sshVersions, (System.nanoTime() - start) / 1e9, quick);
  }

  private void setUp(Path base) throws Exception {
    Where local = where.get(LOCAL);
    local.root = Files.createDirectories(base.resolve("local"));
    if (where.get(FUSE).unavailable != null && where.get(GATEWAY).unavailable != null) {
      return; // no DFS needed (only with --targets)
    }

    DfsTarget dfs = DfsTarget.start("DFS", base.resolve("dfs-data"));
    resources.push(dfs);
    InetSocketAddress server = dfs.server().address();

    Where fuse = where.get(FUSE);
    String fuseWhy = FuseMount.unavailableReason().orElse(null);
    if (fuse.unavailable != null) {
      // not selected
    } else if (fuseWhy != null) {
      fuse.unavailable = fuseWhy;
    } else {
      try {
        DfsClient c = DfsClient.connect(ClientConfig.of(server).withMode(Consistency.SESSION)
            .withCache(Files.createDirectories(base.resolve("fuse-cache")), 4L << 30));
        resources.push(c);
        c.mkdir("/bench/fuse", 0755);
        Path mnt = Files.createDirectories(base.resolve("fuse-mnt"));
        FuseMount m = FuseMount.mount(FuseMount.Config.builder(mnt, c).build());
        resources.push(m);
        fuse.root = mnt.resolve("bench/fuse");
        notes.add("FUSE mount options: " + String.join(",", m.config().fuseOptions()));
        progress("FUSE: %s", m);
      } catch (IOException | RuntimeException e) {
        fuse.unavailable = "mount failed: " + e.getMessage();
        progress("FUSE: %s", fuse.unavailable);
      }
    }

    Where gw = where.get(GATEWAY);
    String sshWhy = Sshfs.clientUnavailable();
    if (gw.unavailable != null) {
      // not selected
    } else if (sshWhy != null) {
      gw.unavailable = sshWhy;
    } else {
      try {
        DfsClient c = DfsClient.connect(ClientConfig.of(server).withMode(Consistency.SESSION)
            .withCache(Files.createDirectories(base.resolve("gateway-cache")), 4L << 30));
        resources.push(c);
        c.mkdir("/bench/gw", 0755);
        Sshfs s = Sshfs.toServer(base.resolve("sshfs-gateway"), "/bench/gw", (authorized, hostKey) -> {
          SftpGateway g = SftpGateway.start(SftpGateway.builder().client(c)
              .listen(new InetSocketAddress("127.0.0.1", 0)).authorizedKeys(authorized).hostKey(hostKey).build());
          resources.push(g);
          return g.address().getPort();
        });
        resources.push(s);
        s.mount();
        gw.root = s.mountPoint();
        progress("gateway: %s", s);
      } catch (IOException | RuntimeException e) {
        gw.unavailable = "sshfs to the gateway failed: " + e.getMessage();
        progress("gateway: %s", gw.unavailable);
      }
    }

    Where ossh = where.get(OPENSSH);
    String osshWhy = Sshfs.unavailable();
    if (ossh.unavailable != null) {
      // not selected
    } else if (osshWhy != null) {
      ossh.unavailable = osshWhy;
    } else {
      try {
        Sshfs s = Sshfs.start(base.resolve("sshfs-openssh"));
        resources.push(s);
        s.mount();
        ossh.root = s.mountPoint();
        progress("OpenSSH: %s", s);
      } catch (IOException | RuntimeException e) {
        ossh.unavailable = "sshfs to sftp-server failed: " + e.getMessage();
        progress("OpenSSH: %s", ossh.unavailable);
      }
    }
  }

  /** Unmounts, stops the servers and closes the clients, newest first. Idempotent. */
  private synchronized void closeAll() {
    while (!resources.isEmpty()) {
      AutoCloseable r = resources.pop();
      try {
        r.close();
      } catch (Exception e) {
        progress("cleanup: closing %s failed: %s", r, e);
      }
    }
  }

  // ---- the Andrew phases ----

  private void andrewRound(Where w, int round) {
    if (!w.usable()) {
      return;
    }
    Path dir = w.root.resolve("andrew-" + round);
    long[] nanos = phaseNanos.get(w.name)[round];
    String phase = PHASES.get(0);
    try {
      progress("%s: Andrew round %d", w.name, round + 1);
      for (int p = 0; p < PHASES.size(); p++) {
        phase = PHASES.get(p);
        long t0 = System.nanoTime();
        switch (p) {
          case 0 -> makeDir(dir);
          case 1 -> copy(dir);
          case 2 -> scanDir(dir);
          case 3 -> readAll(dir);
          default -> make(dir, w.name, round);
        }
        nanos[p] = System.nanoTime() - t0;
      }
      checkProgram(dir, w.name);
      progress("%s: %s s", w.name, Arrays.stream(nanos).mapToObj(n -> Report.figure(n / 1e9)).toList());
      deleteTree(dir);
    } catch (Exception e) {
      w.failed = phase + " in round " + (round + 1) + ": " + oneLine(e);
      progress("%s: %s", w.name, w.failed);
    }
  }

  private void makeDir(Path dir) throws IOException {
    Files.createDirectory(dir);
    for (String d : tree.dirs) {
      Files.createDirectory(dir.resolve(d));
    }
  }

  private void copy(Path dir) throws IOException {
    for (Map.Entry<String, byte[]> f : tree.files.entrySet()) {
      Files.write(dir.resolve(f.getKey()), f.getValue(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
  }

  private void scanDir(Path dir) throws IOException {
    int[] count = new int[1];
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
        Files.readAttributes(d, "unix:mode,uid,gid,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
        Files.readAttributes(f, "unix:mode,uid,gid,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        count[0]++;
        return FileVisitResult.CONTINUE;
      }
    });
    if (count[0] != tree.files.size()) {
      throw new IOException("ScanDir saw " + count[0] + " files, expected " + tree.files.size());
    }
  }

  private void readAll(Path dir) throws IOException {
    byte[] buf = new byte[64 << 10];
    for (Map.Entry<String, byte[]> f : tree.files.entrySet()) {
      long n = 0;
      try (InputStream in = Files.newInputStream(dir.resolve(f.getKey()))) {
        for (int k; (k = in.read(buf)) > 0; ) {
          n += k;
        }
      }
      if (n != f.getValue().length) {
        throw new IOException("ReadAll: " + f.getKey() + " has " + n + " bytes, expected " + f.getValue().length);
      }
    }
  }

  private void make(Path dir, String target, int round) throws IOException, InterruptedException {
    Path log = logs.resolve("make-" + target.replaceAll("[^A-Za-z0-9]", "_") + "-" + round + ".log");
    Process p = new ProcessBuilder("make", "-j2").directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("make -j2 did not finish within 15 minutes");
    }
    if (p.exitValue() != 0) {
      throw new IOException("make -j2 exited with " + p.exitValue() + ": " + tail(log));
    }
  }

  /** Untimed: the program built on each target prints what the one built locally printed. */
  private void checkProgram(Path dir, String target) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(dir.resolve("prog").toString()).directory(dir.toFile())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("the program built on " + target + " failed: " + out);
    }
    if (progOutput == null) {
      progOutput = out;
    } else if (!progOutput.equals(out)) {
      throw new IOException("the program built on " + target + " printed " + out + ", locally " + progOutput);
    }
  }

  private void andrewRows() {
    String unit = params.rounds() == 1 ? "s" : "s, median (min–max) of " + params.rounds();
    for (Where w : where.values()) {
      long[][] rounds = phaseNanos.get(w.name);
      for (int p = 0; p <= PHASES.size(); p++) {
        String label = p < PHASES.size() ? "Andrew " + PHASES.get(p) : "Andrew total";
        if (!w.usable()) {
          report.unavailable(label, unit, w.name, w.reason());
          continue;
        }
        double[] secs = new double[rounds.length];
        for (int r = 0; r < rounds.length; r++) {
          secs[r] = (p < PHASES.size() ? rounds[r][p] : Arrays.stream(rounds[r]).sum()) / 1e9;
        }
        Arrays.sort(secs);
        double median = secs.length % 2 == 1 ? secs[secs.length / 2] : (secs[secs.length / 2 - 1] + secs[secs.length / 2]) / 2;
        if (secs.length == 1) {
          report.add(label, unit, w.name, median);
        } else {
          report.add(label, unit, w.name, median, secs[0], secs[secs.length - 1]);
        }
      }
    }
  }

  // ---- sequential and small files ----

  private void sequential(Where w) {
    long size = params.seqBytes();
    String wl = "sequential write " + size(size) + ", 1 MiB writes + fsync";
    String rl = "sequential read " + size(size) + ", 1 MiB reads (warm)";
    if (!w.usable()) {
      report.unavailable(wl, "MiB/s", w.name, w.reason());
      report.unavailable(rl, "MiB/s", w.name, w.reason());
      return;
    }
    Path file = w.root.resolve("seq.bin");
    Payload payload = new Payload(size, 7);
    String what = wl;
    try {
      progress("%s: %s", w.name, wl);
      long t0 = System.nanoTime();
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE)) {
        payload.writeTo(ch);
        ch.force(true);
      }
      long t1 = System.nanoTime();
      report.add(wl, "MiB/s", w.name, size / (double) Payload.MIB / ((t1 - t0) / 1e9));
      what = rl;
      progress("%s: %s", w.name, rl);
      ByteBuffer buf = ByteBuffer.allocateDirect(Payload.BLOCK);
      long n = 0;
      long t2 = System.nanoTime();
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
        for (int k; (k = ch.read(buf)) >= 0; buf.clear()) {
          n += k;
        }
      }
      long t3 = System.nanoTime();
      if (n != size) {
        throw new IOException("read " + n + " bytes of a " + size + "-byte file");
      }
      report.add(rl, "MiB/s", w.name, size / (double) Payload.MIB / ((t3 - t2) / 1e9));
      checkHead(file, payload);
      Files.delete(file);
    } catch (Exception e) {
      String why = "failed: " + oneLine(e);
      progress("%s: %s %s", w.name, what, why);
      if (what.equals(wl)) {
        report.unavailable(wl, "MiB/s", w.name, why);
      }
      report.unavailable(rl, "MiB/s", w.name, what.equals(wl) ? "write failed" : why);
    }
  }

  /** Untimed: the first 4 MiB read back as written (a full check of a GiB through sshfs costs too much). */
  private static void checkHead(Path file, Payload payload) throws IOException {
    int n = (int) Math.min(4 * Payload.MIB, payload.size());
    byte[] want = payload.stream().readNBytes(n);
    byte[] got;
    try (InputStream in = Files.newInputStream(file)) {
      got = in.readNBytes(n);
    }
    if (!Arrays.equals(want, got)) {
      throw new IOException("the first " + n + " bytes of " + file + " did not read back as written");
    }
  }

  private void smallFiles(Where w) {
    int n = params.smallFiles();
    String[] labels = {
        String.format(Locale.ROOT, "create %,d files of 1 KiB in one directory", n),
        String.format(Locale.ROOT, "stat %,d files", n),
        String.format(Locale.ROOT, "remove %,d files", n)};
    if (!w.usable()) {
      for (String l : labels) {
        report.unavailable(l, "ops/s", w.name, w.reason());
      }
      return;
    }
    byte[] content = new byte[SMALL_BYTES];
    Arrays.fill(content, (byte) 'x');
    Path dir = w.root.resolve("small");
    int step = 0;
    try {
      Files.createDirectory(dir);
      Path[] files = new Path[n];
      for (int i = 0; i < n; i++) {
        files[i] = dir.resolve(String.format(Locale.ROOT, "f%05d", i));
      }
      progress("%s: %s", w.name, labels[0]);
      long t0 = System.nanoTime();
      long deadline = t0 + TimeUnit.SECONDS.toNanos(params.createBudgetSeconds());
      int made = 0;
      while (made < n) {
        Files.write(files[made++], content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        if (System.nanoTime() > deadline) {
          break;
        }
      }
      long t1 = System.nanoTime();
      if (made < n) {
        files = Arrays.copyOf(files, made);
        String cut = String.format(Locale.ROOT, "stopped after %d s: %,d files", params.createBudgetSeconds(), made);
        report.add(labels[0], "ops/s", w.name, made / ((t1 - t0) / 1e9), cut);
        report.add(labels[1], "ops/s", w.name, Double.NaN, "of " + String.format(Locale.ROOT, "%,d", made));
        report.add(labels[2], "ops/s", w.name, Double.NaN, "of " + String.format(Locale.ROOT, "%,d", made));
        progress("%s: %s", w.name, cut);
      } else {
        report.add(labels[0], "ops/s", w.name, n / ((t1 - t0) / 1e9));
      }
      int count = files.length;
      step = 1;
      progress("%s: %s", w.name, labels[1]);
      t0 = System.nanoTime();
      for (Path f : files) {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.size() != SMALL_BYTES) {
          throw new IOException(f + " has size " + a.size() + ", expected " + SMALL_BYTES);
        }
      }
      t1 = System.nanoTime();
      report.add(labels[1], "ops/s", w.name, count / ((t1 - t0) / 1e9));
      step = 2;
      progress("%s: %s", w.name, labels[2]);
      t0 = System.nanoTime();
      for (Path f : files) {
        Files.delete(f);
      }
      t1 = System.nanoTime();
      report.add(labels[2], "ops/s", w.name, count / ((t1 - t0) / 1e9));
      try (var left = Files.list(dir)) {
        long k = left.count();
        if (k != 0) {
          throw new IOException(k + " files left in " + dir + " after removing all");
        }
      }
      Files.delete(dir);
    } catch (Exception e) {
      String why = "failed: " + oneLine(e);
      progress("%s: %s %s", w.name, labels[step], why);
      for (int s = step; s < labels.length; s++) {
        report.unavailable(labels[s], "ops/s", w.name, s == step ? why : "earlier step failed");
      }
    }
  }

  // ---- helpers and the report ----

  private static void deleteTree(Path dir) throws IOException {
    try {
      FoundationBench.deleteTree(dir);
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static String size(long bytes) {
    return bytes >= 1L << 30 && bytes % (1L << 30) == 0 ? (bytes >> 30) + " GiB" : (bytes >> 20) + " MiB";
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    m = m.replace('\n', ' ').replace('|', '/');
    return m.length() > 300 ? m.substring(0, 300) + "…" : m;
  }

  private static String tail(Path log) {
    try {
      String s = Files.readString(log, StandardCharsets.UTF_8).trim();
      return s.length() > 500 ? "…" + s.substring(s.length() - 500) : s;
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private String section(Machine machine, String sshVersions, double seconds, boolean quick) {
    StringBuilder sb = new StringBuilder();
    String when = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    sb.append("## Andrew benchmark, sequential and small-file workloads: FUSE, SFTP gateway, OpenSSH, local disk\n\n")
        .append("Run ").append(when).append(" with `bench/run --andrew --write-results")
        .append(quick ? " --quick" : "").append("`, ").append(Math.round(seconds)).append(" s in all.\n\n")
        .append(machine.markdown())
        .append("- sshfs: ").append(sshVersions).append("\n");
    try {
      Process p = new ProcessBuilder("cc", "--version").redirectErrorStream(true).start();
      String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("?");
      p.waitFor(10, TimeUnit.SECONDS);
      sb.append("- compiler: ").append(v).append(", make -j2\n");
    } catch (IOException | InterruptedException e) {
      sb.append("- compiler: unknown (").append(e.getMessage()).append(")\n");
    }
    sb.append('\n').append(report.markdown()).append('\n');
    sb.append("Columns: **local** = a directory on the disk above; **DFS FUSE** = `ViceServer` and a session-mode "
        + "`DfsClient` (client cache on the same disk) in this JVM, mounted with `FuseMount`; **sshfs→gateway** = sshfs "
        + "to `SftpGateway` (Apache MINA SSHD, in this JVM) over a second session-mode `DfsClient` of the same server; "
        + "**sshfs→sftp-server** = sshfs to a private OpenSSH sshd on 127.0.0.1 serving a directory on the same disk. "
        + "All traffic is loopback. Ratio columns: target ÷ local of the row's figure, so for seconds above 1 means "
        + "slower than the local disk, for MiB/s and ops/s below 1 means slower.\n\n");
    sb.append(String.format(Locale.ROOT, "Work: the Andrew tree is %d directories and %d files (%,d bytes: %d `.c`, "
        + "%d `.h`, `main.c`, a Makefile) generated by `SourceTree`; MakeDir creates the directories, Copy writes each "
        + "file (`Files.write`, one open/write/close), ScanDir walks the tree and stats every entry, ReadAll reads every "
        + "file to the end, Make runs `make -j2` in the tree (gcc -O0: %d compiles, %d `ar`, one link); the program "
        + "it builds is then run (untimed) and must print the same checksum on every target. Each round uses a fresh "
        + "directory, deleted untimed afterwards; %d round(s), targets interleaved per round. Sequential: one file "
        + "written with `FileChannel` in 1 MiB writes, `force(true)` and close inside the timing (on the DFS mount the "
        + "close stores the file to the server in session mode), then read back in 1 MiB reads; warm, the page cache "
        + "is not dropped; the first 4 MiB are checked untimed. Small files: %,d files of 1 KiB in one new directory, "
        + "each created (`Files.write`, CREATE_NEW), then each stat'd, then each removed, one thread; "
        + "on a target where creating takes longer than %d s the create phase stops there (the cell says how many) and "
        + "stat and remove cover the files it made.\n",
        tree.dirs.size() + 1, tree.files.size(), tree.bytes(), SourceTree.LIBS * SourceTree.SUBDIRS * SourceTree.C_FILES + 1,
        SourceTree.LIBS * SourceTree.SUBDIRS * SourceTree.H_FILES + 1,
        SourceTree.LIBS * SourceTree.SUBDIRS * SourceTree.C_FILES + 1, SourceTree.LIBS, params.rounds(),
        params.smallFiles(), params.createBudgetSeconds()));
    for (String n : notes) {
      sb.append('\n').append(n).append('\n');
    }
    if (quick) {
      sb.append("\n`--quick`: one round, 128 MiB sequential, 2,000 small files; figures are for checking that it runs.\n");
    }
    return sb.toString();
  }
}
