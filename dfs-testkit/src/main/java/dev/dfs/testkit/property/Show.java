package dev.dfs.testkit.property;

import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;

/** Prints generated values for failure reports: strings quoted and escaped, arrays in full. */
final class Show {
  private static final int MAX_CHARS = 2000;
  private static final int MAX_BYTES = 64;

  private Show() {}

  static String show(Object v) {
    StringBuilder sb = new StringBuilder();
    append(sb, v);
    if (sb.length() > MAX_CHARS) {
      return sb.substring(0, MAX_CHARS) + "... (" + sb.length() + " chars)";
    }
    return sb.toString();
  }

  private static void append(StringBuilder sb, Object v) {
    if (sb.length() > MAX_CHARS) {
      return;
    }
    if (v instanceof String s) {
      appendString(sb, s);
    } else if (v instanceof byte[] b) {
      sb.append("byte[").append(b.length).append("]{");
      for (int i = 0; i < Math.min(b.length, MAX_BYTES); i++) {
        sb.append(String.format("%02x", b[i] & 0xff));
      }
      sb.append(b.length > MAX_BYTES ? "...}" : "}");
    } else if (v instanceof Collection<?> c) {
      sb.append('[');
      for (Iterator<?> it = c.iterator(); it.hasNext() && sb.length() <= MAX_CHARS; ) {
        append(sb, it.next());
        if (it.hasNext()) {
          sb.append(", ");
        }
      }
      sb.append(']');
    } else if (v instanceof Object[] a) {
      append(sb, Arrays.asList(a));
    } else if (v != null && v.getClass().isArray()) {
      String a = Arrays.deepToString(new Object[] {v});
      sb.append(a, 1, a.length() - 1);
    } else {
      sb.append(v);
    }
  }

  private static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    int shown = Math.min(s.length(), MAX_CHARS / 2);
    for (int i = 0; i < shown; i++) {
      char c = s.charAt(i);
      int type = Character.getType(c);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c >= 0x20 && c < 0x7f) {
        sb.append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (c < 0x20 || c == 0x7f || type == Character.FORMAT || type == Character.CONTROL
          || type == Character.UNASSIGNED || type == Character.PRIVATE_USE || type == Character.SPACE_SEPARATOR
          || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
          || type == Character.NON_SPACING_MARK || c == 0xfffe || c == 0xffff) {
        sb.append(String.format("\\u%04x", (int) c));
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
    if (shown < s.length()) {
      sb.append("...(").append(s.length()).append(" chars)");
    }
  }
}
