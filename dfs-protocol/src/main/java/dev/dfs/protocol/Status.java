package dev.dfs.protocol;

/**
 * The one error model of the system: errno-like codes carried on the wire and mapped once at
 * each edge (FUSE errno, SFTP status, java.nio exceptions). The wire code is the Linux errno
 * number where one exists, so a FUSE adapter can return {@code -code()} for most of them.
 */
public enum Status {
  OK(0),
  EPERM(1),
  ENOENT(2),
  EIO(5),
  EBADF(9),
  EAGAIN(11),
  EACCES(13),
  EBUSY(16),
  EEXIST(17),
  EXDEV(18),
  ENOTDIR(20),
  EISDIR(21),
  EINVAL(22),
  EFBIG(27),
  ENOSPC(28),
  EROFS(30),
  EMLINK(31),
  ENAMETOOLONG(36),
  ENOTEMPTY(39),
  ELOOP(40),
  EPROTO(71),
  ENOTSUP(95),
  ETIMEDOUT(110),
  ESTALE(116),
  /** Reintegration found that the object changed on the server since the client's base version. */
  ECONFLICT(1001),
  /** The server or the network is unreachable (disconnected operation takes over). */
  EUNREACHABLE(1002);

  private final int code;

  Status(int code) {
    this.code = code;
  }

  /** The stable wire code. */
  public int code() {
    return code;
  }

  /** The Linux errno to hand to POSIX callers; codes of our own map to the nearest errno. */
  public int errno() {
    switch (this) {
      case ECONFLICT:
        return EIO.code;
      case EUNREACHABLE:
        return ETIMEDOUT.code;
      default:
        return code;
    }
  }

  public static Status ofCode(int code) {
    for (Status s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    return EIO;
  }
}
