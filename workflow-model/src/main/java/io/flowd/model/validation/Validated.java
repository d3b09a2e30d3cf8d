package io.flowd.model.validation;

import io.flowd.model.ValidationError;
import java.util.List;

/**
 * A value read from user input together with every problem found; the value is {@code null} when
 * there are problems.
 *
 * @param value the value read, or {@code null}
 * @param errors every problem found
 */
public record Validated<T>(T value, List<ValidationError> errors) {
  public Validated {
    errors = List.copyOf(errors);
  }

  /** Returns whether no problem was found. */
  public boolean ok() {
    return errors.isEmpty();
  }
}
