package io.flowd.api.http;

import java.util.List;

/**
 * One page of items as a service reads it, and the number of all matching items; {@link Page} turns
 * it into the answer.
 *
 * @param <T> the items' type
 */
public record Slice<T>(List<T> items, long total) {
  public Slice {
    items = List.copyOf(items);
  }
}
