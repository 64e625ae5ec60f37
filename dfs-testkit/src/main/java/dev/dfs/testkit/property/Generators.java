package dev.dfs.testkit.property;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** The implementations behind the factories of {@link Gen}. */
final class Generators {
  private Generators() {}

  // ---- choices ----

  static <T> Gen<T> elements(List<? extends T> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("elements needs at least one value");
    }
    List<T> copy = Collections.unmodifiableList(new ArrayList<>(values));
    return new Gen<>() {
      @Override
      public T generate(SplittableRandom random, int size) {
        return copy.get(random.nextInt(copy.size()));
      }

      @Override
      public Stream<T> shrink(T value) {
        int i = copy.indexOf(value);
        return i <= 0 ? Stream.empty() : copy.subList(0, i).stream();
      }
    };
  }

  static <T> Gen<T> frequency(List<? extends Gen.Weighted<? extends T>> choices) {
    if (choices.isEmpty()) {
      throw new IllegalArgumentException("frequency needs at least one choice");
    }
    List<Gen.Weighted<? extends T>> copy = List.copyOf(choices);
    long total = 0;
    for (Gen.Weighted<? extends T> w : copy) {
      total += w.weight();
    }
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("weights add up to more than Integer.MAX_VALUE: " + total);
    }
    int sum = (int) total;
    return (random, size) -> {
      int pick = random.nextInt(sum);
      for (Gen.Weighted<? extends T> w : copy) {
        pick -= w.weight();
        if (pick < 0) {
          return w.gen().generate(random, size);
        }
      }
      throw new AssertionError("unreachable");
    };
  }

  static Gen<Boolean> booleans() {
    return new Gen<>() {
      @Override
      public Boolean generate(SplittableRandom random, int size) {
        return random.nextBoolean();
      }

      @Override
      public Stream<Boolean> shrink(Boolean value) {
        return value ? Stream.of(false) : Stream.empty();
      }
    };
  }

  // ---- integers ----

  static <T> Gen<T> integral(long min, long max, LongFunction<T> box, ToLongFunction<T> unbox) {
    if (min > max) {
      throw new IllegalArgumentException("empty range " + min + ".." + max);
    }
    long target = Math.max(min, Math.min(max, 0));
    Set<Long> edgeSet = new LinkedHashSet<>();
    for (long e : new long[] {0, 1, -1, min, max}) {
      if (e >= min && e <= max) {
        edgeSet.add(e);
      }
    }
    if (min < max) {
      edgeSet.add(min + 1);
      edgeSet.add(max - 1);
    }
    long[] edges = edgeSet.stream().mapToLong(Long::longValue).toArray();
    return new Gen<>() {
      @Override
      public T generate(SplittableRandom random, int size) {
        int pick = random.nextInt(10);
        long v;
        if (pick < 2) {
          v = edges[random.nextInt(edges.length)];
        } else if (pick < 6) {
          long lo = Math.max(min, saturatingAdd(target, -size));
          long hi = Math.min(max, saturatingAdd(target, size));
          v = uniform(random, lo, hi);
        } else {
          v = uniform(random, min, max);
        }
        return box.apply(v);
      }

      @Override
      public Stream<T> shrink(T value) {
        return shrinkToward(unbox.applyAsLong(value), target).mapToObj(box);
      }
    };
  }

  /**
   * Candidates between {@code target} and {@code v}: target itself, then ever closer to v
   * (halving the distance). {@code v - target} cannot overflow as target lies between 0 and v.
   */
  static java.util.stream.LongStream shrinkToward(long v, long target) {
    if (v == target) {
      return java.util.stream.LongStream.empty();
    }
    long d = v - target;
    java.util.stream.LongStream.Builder b = java.util.stream.LongStream.builder();
    b.add(target);
    for (long h = d / 2; h != 0; h /= 2) {
      b.add(v - h);
    }
    return b.build();
  }

  static long saturatingAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }

  static long uniform(SplittableRandom random, long lo, long hi) {
    if (hi < Long.MAX_VALUE) {
      return random.nextLong(lo, hi + 1);
    }
    if (lo > Long.MIN_VALUE) {
      return random.nextLong(lo - 1, hi) + 1;
    }
    return random.nextLong();
  }

  /** A length in {@code min..max}: often a bound, otherwise growing with size times scale. */
  static int length(SplittableRandom random, int size, int min, int max, int scale) {
    int pick = random.nextInt(12);
    if (pick == 0) {
      return min;
    }
    if (pick == 1) {
      return max;
    }
    long hi = Math.min(max, (long) min + (long) size * scale);
    return (int) uniform(random, min, hi);
  }

  static void checkLengths(int min, int max) {
    if (min < 0 || min > max) {
      throw new IllegalArgumentException("bad length range " + min + ".." + max);
    }
  }

  // ---- removal of ranges, shared by lists, strings and byte arrays ----

  /**
   * Ranges {@code [from, to)} to delete from a sequence of length {@code n} that must keep
   * {@code min} elements: truncation to min, then chunks of halving size, each size trying the
   * tail first (truncation) and then every aligned position.
   */
  static Stream<int[]> removals(int n, int min) {
    if (n <= min) {
      return Stream.empty();
    }
    int removable = n - min;
    List<int[]> out = new ArrayList<>();
    out.add(new int[] {min, n});
    for (int k = removable / 2; k >= 1; k /= 2) {
      out.add(new int[] {n - k, n});
      for (int start = 0; start + k <= n; start += k) {
        if (start != n - k) {
          out.add(new int[] {start, start + k});
        }
      }
    }
    return out.stream();
  }

  // ---- lists ----

  static <T> Gen<List<T>> lists(Gen<T> elements, int min, int max) {
    Objects.requireNonNull(elements, "elements");
    checkLengths(min, max);
    return new Gen<>() {
      @Override
      public List<T> generate(SplittableRandom random, int size) {
        int n = length(random, size, min, max, 1);
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          out.add(elements.generate(random, size));
        }
        return Collections.unmodifiableList(out);
      }

      @Override
      public Stream<List<T>> shrink(List<T> value) {
        int n = value.size();
        Stream<List<T>> smaller = removals(n, min).map(r -> {
          List<T> l = new ArrayList<>(value.subList(0, r[0]));
          l.addAll(value.subList(r[1], n));
          return Collections.unmodifiableList(l);
        });
        Stream<List<T>> simpler = IntStream.range(0, n).boxed().flatMap(i -> elements.shrink(value.get(i)).map(c -> {
          List<T> l = new ArrayList<>(value);
          l.set(i, c);
          return Collections.unmodifiableList(l);
        }));
        return Stream.concat(smaller, simpler);
      }
    };
  }

  // ---- byte arrays ----

  private static final byte[] EDGE_BYTES = {0, -1, 0x7f, (byte) 0x80};

  static Gen<byte[]> bytes(int min, int max) {
    checkLengths(min, max);
    return new Gen<>() {
      @Override
      public byte[] generate(SplittableRandom random, int size) {
        byte[] b = new byte[length(random, size, min, max, 64)];
        if (random.nextInt(10) == 0) {
          Arrays.fill(b, EDGE_BYTES[random.nextInt(EDGE_BYTES.length)]);
        } else {
          random.nextBytes(b);
        }
        return b;
      }

      @Override
      public Stream<byte[]> shrink(byte[] value) {
        int n = value.length;
        Stream<byte[]> smaller = removals(n, min).map(r -> {
          byte[] b = new byte[n - (r[1] - r[0])];
          System.arraycopy(value, 0, b, 0, r[0]);
          System.arraycopy(value, r[1], b, r[0], n - r[1]);
          return b;
        });
        Stream<byte[]> simpler = IntStream.range(0, n).filter(i -> value[i] != 0).mapToObj(i -> {
          byte[] b = value.clone();
          b[i] = 0;
          return b;
        });
        return Stream.concat(smaller, simpler);
      }
    };
  }

  // ---- strings ----

  private static final int[] EDGE_CODE_POINTS = {
    0, 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff, 0xe000, 0xfffd, 0xfeff, 0xfffe, 0xffff, 0x10000, 0x10ffff,
    0x200b, 0x0301, 0x202e, 0x1f600, 0x4e2d, 0xe9, 0x20ac
  };

  static int asciiCodePoint(SplittableRandom random) {
    return random.nextInt(10) == 0 ? random.nextInt(128) : 0x20 + random.nextInt(0x7f - 0x20);
  }

  static int unicodeCodePoint(SplittableRandom random) {
    int pick = random.nextInt(10);
    switch (pick) {
      case 0:
        return random.nextInt(0x20);
      case 1:
        return 0x80 + random.nextInt(0x800 - 0x80);
      case 2:
        return bmpNonSurrogate(random);
      case 3:
        return 0x10000 + random.nextInt(0x110000 - 0x10000);
      case 4:
        return EDGE_CODE_POINTS[random.nextInt(EDGE_CODE_POINTS.length)];
      default:
        return 0x20 + random.nextInt(0x7f - 0x20);
    }
  }

  private static int bmpNonSurrogate(SplittableRandom random) {
    int cp = 0x800 + random.nextInt(0x10000 - 0x800 - 0x800);
    return cp >= 0xd800 ? cp + 0x800 : cp;
  }

  static int utf8Length(int cp) {
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }

  static Gen<String> strings(int min, int max, ToIntFunction<SplittableRandom> codePoint, Predicate<String> valid) {
    checkLengths(min, max);
    return new Gen<>() {
      @Override
      public String generate(SplittableRandom random, int size) {
        int n = length(random, size, min, max, 1);
        int[] cps = new int[n];
        for (int i = 0; i < n; i++) {
          cps[i] = codePoint.applyAsInt(random);
        }
        return new String(cps, 0, n);
      }

      @Override
      public Stream<String> shrink(String value) {
        return shrinkCodePoints(value, min).filter(valid);
      }
    };
  }

  /** Removes code points (never splitting a surrogate pair), then replaces them with 'a'. */
  static Stream<String> shrinkCodePoints(String value, int min) {
    int[] cps = value.codePoints().toArray();
    int n = cps.length;
    Stream<String> smaller = removals(n, min).map(r -> {
      StringBuilder sb = new StringBuilder();
      sb.append(new String(cps, 0, r[0])).append(new String(cps, r[1], n - r[1]));
      return sb.toString();
    });
    Stream<String> simpler = IntStream.range(0, n).filter(i -> cps[i] != 'a').mapToObj(i -> {
      int[] c = cps.clone();
      c[i] = 'a';
      return new String(c, 0, n);
    });
    return Stream.concat(smaller, simpler);
  }

  // ---- file names ----

  private static final List<String> DOTTY_NAMES = List.of("...", ".a", "a.", ". ", " .", ".hidden", "a..b", "-", " ");

  static boolean isLegalName(String s, int maxBytes) {
    return !s.isEmpty() && !s.equals(".") && !s.equals("..") && s.indexOf('/') < 0 && s.indexOf('\0') < 0
        && s.getBytes(StandardCharsets.UTF_8).length <= maxBytes;
  }

  static int nameCodePoint(SplittableRandom random) {
    int pick = random.nextInt(20);
    if (pick < 8) {
      String alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
      return alnum.charAt(random.nextInt(alnum.length()));
    }
    switch (pick) {
      case 8:
      case 9:
        return '.';
      case 10:
        return " -_~#%".charAt(random.nextInt(6));
      case 11: {
        int c = 0x21 + random.nextInt(0x7f - 0x21);
        return c == '/' ? '\\' : c;
      }
      case 12:
        return random.nextInt(3) == 0 ? 0x7f : 1 + random.nextInt(0x1f);
      case 13:
      case 14:
        return 0x80 + random.nextInt(0x800 - 0x80);
      case 15:
      case 16:
        return bmpNonSurrogate(random);
      case 17:
        return 0x10000 + random.nextInt(0x110000 - 0x10000);
      default: {
        int c = EDGE_CODE_POINTS[random.nextInt(EDGE_CODE_POINTS.length)];
        return c == 0 ? 'z' : c;
      }
    }
  }

  static Gen<String> names(int maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("names need at least 1 byte: " + maxBytes);
    }
    return new Gen<>() {
      @Override
      public String generate(SplittableRandom random, int size) {
        int pick = random.nextInt(20);
        if (pick == 0) {
          String s = DOTTY_NAMES.get(random.nextInt(DOTTY_NAMES.size()));
          if (isLegalName(s, maxBytes)) {
            return s;
          }
        }
        boolean fill = pick < 4;
        int count = fill ? Integer.MAX_VALUE : 1 + random.nextInt(1 + Math.min(size, 40));
        StringBuilder sb = new StringBuilder();
        int remaining = maxBytes;
        for (int i = 0; i < count && remaining > 0; i++) {
          int cp = nameCodePoint(random);
          if (utf8Length(cp) > remaining) {
            if (!fill && sb.length() > 0) {
              break;
            }
            cp = 'a' + random.nextInt(26);
          }
          sb.appendCodePoint(cp);
          remaining -= utf8Length(cp);
        }
        String s = sb.toString();
        if (s.equals(".") || s.equals("..")) {
          s = "a" + s.substring(1);
        }
        return s;
      }

      @Override
      public Stream<String> shrink(String value) {
        return shrinkCodePoints(value, 1).filter(s -> isLegalName(s, maxBytes));
      }
    };
  }
}
