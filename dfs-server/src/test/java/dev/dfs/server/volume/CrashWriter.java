package dev.dfs.server.volume;

import dev.dfs.protocol.Fid;
import dev.dfs.protocol.Reply;
import dev.dfs.protocol.Request;
import java.nio.file.Path;

/**
 * Child process of {@link CrashRecoveryTest}: creates files and writes pieces of one file as
 * fast as it can, printing "ack i" after each acknowledged step, until it is killed.
 */
public final class CrashWriter {
  static final int PIECE = 256 * 1024 + 11;

  private CrashWriter() {}

  public static void main(String[] args) {
    FileService fs = FileService.open(StoreConfig.defaults(Path.of(args[0])).withMapSizeBytes(1L << 30));
    Fid root = fs.root();
    Fid data = ((Reply.Entry) fs.execute(Caller.ROOT, new RequestKey("crash", -1),
        new Request.Create(root, "data", 0644, false)).reply()).child().fid();
    for (int i = 0; ; i++) {
      fs.execute(Caller.ROOT, new RequestKey("crash", i), new Request.Create(root, "f" + i, 0644, true));
      fs.execute(Caller.ROOT, new RequestKey("crash-w", i),
          new Request.Write(data, (long) i * PIECE, Fixture.pattern(PIECE, i)));
      System.out.println("ack " + i);
      System.out.flush();
    }
  }
}
