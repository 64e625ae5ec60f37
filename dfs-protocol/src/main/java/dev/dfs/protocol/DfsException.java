package dev.dfs.protocol;

/**
 * An operation failed with a {@link Status}. Unchecked so that it can cross lambdas and
 * executors; each edge (java.nio, FUSE, SFTP) maps it once to its own error form.
 */
public final class DfsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Status status;

  public DfsException(Status status, String message) {
    super(status.name() + ": " + message);
    if (status == Status.OK) {
      throw new IllegalArgumentException("an error needs a status other than OK");
    }
    this.status = status;
  }

  public DfsException(Status status, String message, Throwable cause) {
    this(status, message);
    initCause(cause);
  }

  public Status status() {
    return status;
  }

  /** The message without the status prefix, as the peer sent it. */
  public String detail() {
    String m = getMessage();
    return m.substring(status.name().length() + 2);
  }
}
