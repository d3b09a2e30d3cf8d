package io.flowd.api.vault;

import io.flowd.api.http.ApiException;
import io.flowd.model.ValidationError;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ?page=&per_page=} of a list route and the contract's page envelope. Kept minimal and local
 * until the shared paging class replaces it.
 *
 * @param page the 1-based page
 * @param perPage items per page, 1 to 100
 */
record PageRequest(int page, int perPage) {
  static final int MAX_PER_PAGE = 100;

  static PageRequest of(Context ctx) {
    List<ValidationError> errors = new ArrayList<>();
    int page = number(ctx.queryParam("page"), "page", 1, Integer.MAX_VALUE, 1, errors);
    int perPage = number(ctx.queryParam("per_page"), "per_page", 1, MAX_PER_PAGE, 25, errors);
    if (!errors.isEmpty()) {
      throw ApiException.unprocessable(
          "invalid_query", "The paging parameters are invalid.", errors);
    }
    return new PageRequest(page, perPage);
  }

  long offset() {
    return (long) (page - 1) * perPage;
  }

  /** Returns {@code {"data", "links", "meta"}} for the items of this page out of {@code total}. */
  Map<String, Object> envelope(String path, List<?> data, long total) {
    int lastPage = (int) Math.max(1, (total + perPage - 1) / perPage);
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("first", link(path, 1));
    links.put("last", link(path, lastPage));
    links.put("prev", page > 1 ? link(path, Math.min(page - 1, lastPage)) : null);
    links.put("next", page < lastPage ? link(path, page + 1) : null);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("current_page", page);
    meta.put("per_page", perPage);
    meta.put("total", total);
    meta.put("last_page", lastPage);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", data);
    body.put("links", links);
    body.put("meta", meta);
    return body;
  }

  private String link(String path, int target) {
    return path + "?page=" + target + "&per_page=" + perPage;
  }

  private static int number(
      String text, String name, int min, int max, int fallback, List<ValidationError> errors) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.strip());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    errors.add(
        new ValidationError(
            "invalid_value",
            name,
            max == Integer.MAX_VALUE
                ? name + " must be an integer of at least " + min
                : name + " must be an integer from " + min + " to " + max));
    return fallback;
  }
}
