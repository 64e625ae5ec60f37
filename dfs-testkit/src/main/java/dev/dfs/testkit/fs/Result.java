package dev.dfs.testkit.fs;

import java.util.Arrays;
import java.util.Objects;

/**
 * The outcome of a file system operation with its value: {@link Errno#OK} and a value, or an
 * error and no value. Byte arrays are compared by content and printed readably, so results of
 * {@code read} compare and report well.
 *
 * @param errno the outcome
 * @param value the value if {@code errno} is OK (may be null for operations without one), else null
 * @param <T> the type of the value
 */
public record Result<T>(Errno errno, T value) {

  /** Checks that only an OK result carries a value. */
  public Result {
    Objects.requireNonNull(errno, "errno");
    if (errno != Errno.OK && value != null) {
      throw new IllegalArgumentException("an error result has no value: " + errno + " " + value);
    }
  }

  /** A successful result with {@code value}. */
  public static <T> Result<T> ok(T value) {
    return new Result<>(Errno.OK, value);
  }

  /** The outcome of an operation without a value. */
  public static <T> Result<T> of(Errno errno) {
    return new Result<>(errno, null);
  }

  /** Whether the operation succeeded. */
  public boolean isOk() {
    return errno == Errno.OK;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Result<?> r && errno == r.errno && Objects.deepEquals(value, r.value);
  }

  @Override
  public int hashCode() {
    return 31 * errno.hashCode() + (value instanceof byte[] b ? Arrays.hashCode(b) : Objects.hashCode(value));
  }

  @Override
  public String toString() {
    if (errno != Errno.OK || value == null) {
      return errno.name();
    }
    return "OK " + (value instanceof byte[] b ? show(b) : value instanceof String s ? quote(s) : value);
  }

  /** Bytes as a quoted string where printable ASCII, else as \xNN escapes, with the length. */
  static String show(byte[] bytes) {
    StringBuilder s = new StringBuilder("\"");
    for (byte b : bytes) {
      if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\') {
        s.append((char) b);
      } else {
        s.append(String.format("\\x%02x", b & 0xff));
      }
    }
    return s.append("\" (").append(bytes.length).append(" bytes)").toString();
  }

  static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
