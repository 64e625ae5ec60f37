package dev.dfs.vfs;

import java.util.regex.PatternSyntaxException;

/**
 * Glob to regular expression, with the syntax of {@link java.nio.file.FileSystem#getPathMatcher}:
 * {@code *} (within a name), {@code **} (across names), {@code ?}, {@code [a-z]}, {@code [!a]},
 * {@code {a,b}} (not nested) and {@code \} escapes.
 */
final class Globs {
  private static final String META = ".^$+*?{[]|()\\";

  private Globs() {}

  static String toRegex(String glob) {
    StringBuilder re = new StringBuilder("^");
    boolean inGroup = false;
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i++);
      switch (c) {
        case '\\':
          if (i == glob.length()) {
            throw new PatternSyntaxException("No character to escape", glob, i - 1);
          }
          quote(re, glob.charAt(i++));
          break;
        case '/':
          re.append('/');
          break;
        case '[':
          i = bracket(glob, i, re);
          break;
        case '{':
          if (inGroup) {
            throw new PatternSyntaxException("Cannot nest groups", glob, i - 1);
          }
          re.append("(?:(?:");
          inGroup = true;
          break;
        case '}':
          if (inGroup) {
            re.append("))");
            inGroup = false;
          } else {
            re.append('}');
          }
          break;
        case ',':
          re.append(inGroup ? ")|(?:" : ",");
          break;
        case '*':
          if (i < glob.length() && glob.charAt(i) == '*') {
            re.append(".*");
            i++;
          } else {
            re.append("[^/]*");
          }
          break;
        case '?':
          re.append("[^/]");
          break;
        default:
          quote(re, c);
          break;
      }
    }
    if (inGroup) {
      throw new PatternSyntaxException("Missing '}'", glob, glob.length() - 1);
    }
    return re.append('$').toString();
  }

  /** Translates a bracket expression that starts after the '[' at {@code i}; returns the index after ']'. */
  private static int bracket(String glob, int i, StringBuilder re) {
    re.append("[[^/]&&[");
    if (i < glob.length() && glob.charAt(i) == '^') {
      re.append("\\^"); // a literal '^': negation is '!'
      i++;
    } else {
      if (i < glob.length() && glob.charAt(i) == '!') {
        re.append('^');
        i++;
      }
      if (i < glob.length() && glob.charAt(i) == '-') {
        re.append('-');
        i++;
      }
    }
    boolean hasRangeStart = false;
    char last = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i++);
      if (c == ']') {
        return finish(re, i);
      }
      if (c == '/') {
        throw new PatternSyntaxException("Explicit 'name separator' in class", glob, i - 1);
      }
      if (c == '\\' || c == '[' || (c == '&' && i < glob.length() && glob.charAt(i) == '&')) {
        re.append('\\');
      }
      re.append(c);
      if (c == '-') {
        if (!hasRangeStart) {
          throw new PatternSyntaxException("Invalid range", glob, i - 1);
        }
        if (i >= glob.length()) {
          break;
        }
        c = glob.charAt(i++);
        if (c == ']') {
          re.setLength(re.length() - 1);
          re.append("\\-");
          return finish(re, i);
        }
        if (c < last) {
          throw new PatternSyntaxException("Invalid range", glob, i - 3);
        }
        re.append(c);
        hasRangeStart = false;
      } else {
        hasRangeStart = true;
        last = c;
      }
    }
    throw new PatternSyntaxException("Missing ']'", glob, i - 1);
  }

  private static int finish(StringBuilder re, int i) {
    re.append("]]");
    return i;
  }

  private static void quote(StringBuilder re, char c) {
    if (META.indexOf(c) >= 0) {
      re.append('\\');
    }
    re.append(c);
  }
}
