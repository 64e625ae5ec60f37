package dev.dfs.testkit.property;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A generator of random values of type {@code T}, and optionally a shrinker for them.
 *
 * <p>{@link #generate} must depend only on its arguments: the same random source state and
 * size give the same value, which is what makes a failing run reproducible from its seed.
 * {@code size} grows from 0 over the tries of a property; generators use it to bound lengths
 * and magnitudes, so early tries are small.
 *
 * <p>{@link #shrink} offers simpler candidates for a failing value, most aggressive first. Each
 * candidate must be a value this generator could produce. Generators built with {@link #map}
 * or {@link #flatMap} do not shrink; add a shrinker with {@link #withShrinker} if needed.
 *
 * @param <T> the type of generated values
 */
@FunctionalInterface
public interface Gen<T> {

  /** Generates one value from {@code random}; {@code size} (0..) bounds its complexity. */
  T generate(SplittableRandom random, int size);

  /** Simpler candidates for {@code value}, most aggressive first; empty if it cannot shrink. */
  default Stream<T> shrink(T value) {
    return Stream.empty();
  }

  // ---- combinators ----

  /** This generator with another shrinker. */
  default Gen<T> withShrinker(Function<? super T, ? extends Stream<T>> shrinker) {
    Objects.requireNonNull(shrinker, "shrinker");
    Gen<T> self = this;
    return new Gen<>() {
      @Override
      public T generate(SplittableRandom random, int size) {
        return self.generate(random, size);
      }

      @Override
      public Stream<T> shrink(T value) {
        return shrinker.apply(value);
      }
    };
  }

  /** Values of this generator transformed by {@code f} (no shrinking). */
  default <R> Gen<R> map(Function<? super T, ? extends R> f) {
    Objects.requireNonNull(f, "f");
    return (random, size) -> f.apply(generate(random, size));
  }

  /** A generator chosen by a value of this one (no shrinking). */
  default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
    Objects.requireNonNull(f, "f");
    return (random, size) -> f.apply(generate(random, size)).generate(random, size);
  }

  /**
   * Only values that satisfy {@code predicate}. Gives up with {@link IllegalStateException}
   * after 100 rejections in a row: a filter that rejects most values needs a better generator.
   */
  default Gen<T> filter(Predicate<? super T> predicate) {
    Objects.requireNonNull(predicate, "predicate");
    Gen<T> self = this;
    return new Gen<>() {
      @Override
      public T generate(SplittableRandom random, int size) {
        for (int i = 0; i < 100; i++) {
          T v = self.generate(random, size);
          if (predicate.test(v)) {
            return v;
          }
        }
        throw new IllegalStateException("filter rejected 100 generated values in a row");
      }

      @Override
      public Stream<T> shrink(T value) {
        return self.shrink(value).filter(predicate);
      }
    };
  }

  /** {@code null} in about one try in ten, else a value of this generator; shrinks to null first. */
  default Gen<T> nullable() {
    Gen<T> self = this;
    return new Gen<>() {
      @Override
      public T generate(SplittableRandom random, int size) {
        return random.nextInt(10) == 0 ? null : self.generate(random, size);
      }

      @Override
      public Stream<T> shrink(T value) {
        return value == null ? Stream.empty() : Stream.concat(Stream.of((T) null), self.shrink(value));
      }
    };
  }

  /** Like {@link #nullable} but as an {@link Optional}. */
  default Gen<Optional<T>> optional() {
    Gen<T> self = this;
    return new Gen<>() {
      @Override
      public Optional<T> generate(SplittableRandom random, int size) {
        return random.nextInt(10) == 0 ? Optional.empty() : Optional.of(self.generate(random, size));
      }

      @Override
      public Stream<Optional<T>> shrink(Optional<T> value) {
        return value.isEmpty()
            ? Stream.empty()
            : Stream.concat(Stream.of(Optional.empty()), self.shrink(value.get()).map(Optional::of));
      }
    };
  }

  /** Lists of {@code min..max} values of this generator; see {@link #lists}. */
  default Gen<List<T>> list(int min, int max) {
    return lists(this, min, max);
  }

  /**
   * {@code count} values generated with {@code seed}, with sizes growing from 0 to 100: for
   * looking at what a generator produces, and for tests of generators.
   */
  default List<T> samples(long seed, int count) {
    SplittableRandom random = new SplittableRandom(seed);
    List<T> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(generate(random, Property.sizeOf(i, count, Property.DEFAULT_MAX_SIZE)));
    }
    return out;
  }

  // ---- factories ----

  /** Always {@code value}. */
  static <T> Gen<T> constant(T value) {
    return (random, size) -> value;
  }

  /** One of {@code values}, uniformly; shrinks toward the earlier ones. */
  @SafeVarargs
  static <T> Gen<T> elements(T... values) {
    List<T> list = new ArrayList<>(values.length);
    for (T v : values) {
      list.add(v);
    }
    return Generators.elements(list);
  }

  /** One of {@code values}, uniformly; shrinks toward the earlier ones. */
  static <T> Gen<T> elements(List<? extends T> values) {
    return Generators.elements(values);
  }

  /** A value of one of {@code gens}, chosen uniformly (no shrinking). */
  @SafeVarargs
  static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
    List<Weighted<? extends T>> choices = new ArrayList<>();
    for (Gen<? extends T> g : gens) {
      choices.add(new Weighted<>(1, g));
    }
    return Generators.frequency(choices);
  }

  /** A value of one of the weighted generators, chosen in proportion to the weights. */
  @SafeVarargs
  static <T> Gen<T> frequency(Weighted<? extends T>... choices) {
    List<Weighted<? extends T>> list = new ArrayList<>(choices.length);
    for (Weighted<? extends T> c : choices) {
      list.add(Objects.requireNonNull(c, "choice"));
    }
    return Generators.frequency(list);
  }

  /** A choice for {@link #frequency}. */
  static <T> Weighted<T> weight(int weight, Gen<T> gen) {
    return new Weighted<>(weight, gen);
  }

  /** A generator with a weight, for {@link #frequency}. */
  record Weighted<T>(int weight, Gen<T> gen) {
    /** Checks that the weight is positive and the generator present. */
    public Weighted {
      if (weight <= 0) {
        throw new IllegalArgumentException("weight must be positive: " + weight);
      }
      Objects.requireNonNull(gen, "gen");
    }
  }

  /**
   * Integers in {@code min..max} (inclusive), often an edge case (0, 1, -1, min, max and their
   * neighbours) or a small value; shrinks toward the value nearest 0.
   */
  static Gen<Integer> ints(int min, int max) {
    return Generators.integral(min, max, v -> (int) v, Integer::longValue);
  }

  /** Any int, edge cases favoured. */
  static Gen<Integer> ints() {
    return ints(Integer.MIN_VALUE, Integer.MAX_VALUE);
  }

  /** Longs in {@code min..max} (inclusive); like {@link #ints(int, int)}. */
  static Gen<Long> longs(long min, long max) {
    return Generators.integral(min, max, v -> v, Long::longValue);
  }

  /** Any long, edge cases favoured. */
  static Gen<Long> longs() {
    return longs(Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** true or false; shrinks to false. */
  static Gen<Boolean> booleans() {
    return Generators.booleans();
  }

  /**
   * Byte arrays of {@code minLength..maxLength} bytes; lengths grow with size, and the bounds
   * themselves come up often. Shrinks by removing bytes (truncation first), then toward zeros.
   */
  static Gen<byte[]> bytes(int minLength, int maxLength) {
    return Generators.bytes(minLength, maxLength);
  }

  /** Strings of {@code minLength..maxLength} ASCII characters (0..127), mostly printable. */
  static Gen<String> asciiStrings(int minLength, int maxLength) {
    return Generators.strings(minLength, maxLength, Generators::asciiCodePoint, s -> true);
  }

  /**
   * Valid Unicode strings of {@code minCodePoints..maxCodePoints} code points: ASCII, NUL and
   * controls, 2-, 3- and 4-byte UTF-8 sequences and edge characters (U+FEFF, U+FFFF, U+10FFFF,
   * combining marks...). Never an unpaired surrogate. Shrinks by removing whole code points.
   */
  static Gen<String> unicodeStrings(int minCodePoints, int maxCodePoints) {
    return Generators.strings(minCodePoints, maxCodePoints, Generators::unicodeCodePoint, s -> true);
  }

  /**
   * Legal file names: non-empty, not "." or "..", no '/' or NUL, at most {@code maxUtf8Bytes}
   * bytes in UTF-8, with multi-byte characters, dots and spaces; often exactly
   * {@code maxUtf8Bytes} long. Shrinks to shorter legal names.
   */
  static Gen<String> names(int maxUtf8Bytes) {
    return Generators.names(maxUtf8Bytes);
  }

  /** {@link #names(int)} with the POSIX NAME_MAX of 255 bytes. */
  static Gen<String> names() {
    return names(255);
  }

  /**
   * Lists of {@code min..max} elements (length grows with size). Shrinks by removing halves,
   * then smaller chunks down to single elements, then by shrinking one element at a time.
   */
  static <T> Gen<List<T>> lists(Gen<T> elements, int min, int max) {
    return Generators.lists(elements, min, max);
  }
}
