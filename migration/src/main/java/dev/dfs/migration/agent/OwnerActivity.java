package dev.dfs.migration.agent;

/**
 * Where the workstation owner's activity comes from (keyboard and mouse on a real desktop; a
 * settable value in tests, so a test can "return the owner").
 */
public interface OwnerActivity {
  /** Milliseconds since the owner's last input. */
  long idleMillis();

  /** Whether the owner is using the machine now. */
  boolean active();

  /** No owner: always idle. */
  static OwnerActivity none() {
    return new OwnerActivity() {
      @Override
      public long idleMillis() {
        return Long.MAX_VALUE / 4;
      }

      @Override
      public boolean active() {
        return false;
      }
    };
  }
}
