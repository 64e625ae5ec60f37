package dev.dfs.migration.agent;

import java.io.IOException;

/** A tracked counter whose restore fails on host {@code b}: a target that breaks mid-migration. */
public class FailOnHostBTask extends TrackedCounterTask {
  private String host;

  @Override
  public void init(TaskContext ctx, String[] args) throws IOException {
    super.init(ctx, args);
    host = ctx.host().name();
  }

  @Override
  public void restore(byte[] state) throws IOException {
    if (host.equals("b")) {
      throw new IOException("restore failed on purpose on " + host);
    }
    super.restore(state);
  }
}
