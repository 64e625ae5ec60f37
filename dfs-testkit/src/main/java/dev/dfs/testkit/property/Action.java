package dev.dfs.testkit.property;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * One step of a {@link StateMachine} test: an operation on the system under test, checked
 * against a model. Actions are replayed while a failing sequence shrinks, so they must be
 * immutable and self-contained; their {@code toString} is what a failure report prints
 * (records do this well).
 *
 * @param <S> the model state
 * @param <T> the system under test
 */
@FunctionalInterface
public interface Action<S, T> {

  /** Whether the action may run in this model state; by default always. */
  default boolean precondition(S model) {
    return true;
  }

  /**
   * Runs the action on {@code system}, checks its postconditions against {@code model} (throwing
   * on a mismatch) and returns the next model state ({@code model} itself if it is mutable).
   */
  S run(S model, T system) throws Exception;

  /** An action named {@code name} in reports. */
  static <S, T> Action<S, T> named(String name, Action<S, T> body) {
    return named(name, s -> true, body);
  }

  /** An action named {@code name} in reports, enabled where {@code precondition} holds. */
  static <S, T> Action<S, T> named(String name, Predicate<? super S> precondition, Action<S, T> body) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(precondition, "precondition");
    Objects.requireNonNull(body, "body");
    return new Action<>() {
      @Override
      public boolean precondition(S model) {
        return precondition.test(model) && body.precondition(model);
      }

      @Override
      public S run(S model, T system) throws Exception {
        return body.run(model, system);
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}
