package io.flowd.api.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.flowd.model.ValidationError;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One page of a list answer: {@code {"data", "links", "meta"}}. Every list route reads its {@code
 * ?page=&per_page=} with {@link #request} and answers with {@link #of}.
 *
 * @param data the items of this page, newest first
 * @param links relative links to the first, last, previous and next page ({@code prev} and {@code
 *     next} are {@code null} at the ends)
 * @param meta the page number, page size, total item count and last page number
 * @param <T> the item type
 */
public record Page<T>(List<T> data, Links links, Meta meta) {
  /** Page size when {@code per_page} is absent. */
  public static final int DEFAULT_PER_PAGE = 25;

  /** Largest {@code per_page}. */
  public static final int MAX_PER_PAGE = 100;

  /**
   * Where a list answer's page starts and how long it is.
   *
   * @param page the page number, from 1
   * @param perPage the page size, 1 to {@link #MAX_PER_PAGE}
   */
  public record Request(int page, int perPage) {
    /** Returns the number of items before this page. */
    public long offset() {
      return (long) (page - 1) * perPage;
    }
  }

  /**
   * Links between pages, relative to the server.
   *
   * @param first the first page
   * @param last the last page
   * @param prev the previous page, or {@code null} on the first
   * @param next the next page, or {@code null} on the last
   */
  public record Links(String first, String last, String prev, String next) {}

  /**
   * Where this page is in the list.
   *
   * @param currentPage the page number
   * @param perPage the page size
   * @param total how many items the whole list has
   * @param lastPage the number of the last page (1 for an empty list)
   */
  public record Meta(
      @JsonProperty("current_page") int currentPage,
      @JsonProperty("per_page") int perPage,
      long total,
      @JsonProperty("last_page") int lastPage) {}

  /**
   * Reads {@code page} (default 1) and {@code per_page} (default 25, at most 100) from the query.
   *
   * @throws ApiException 422 naming each bad parameter as the path
   */
  public static Request request(Context ctx) {
    List<ValidationError> errors = new ArrayList<>();
    Request request = request(ctx, errors);
    throwIfAny(errors);
    return request;
  }

  /**
   * Reads {@code page} and {@code per_page} like {@link #request(Context)}, but adds their problems
   * to {@code errors} instead of throwing, so a route can report them with its other parameters'.
   */
  public static Request request(Context ctx, List<ValidationError> errors) {
    int page = read(ctx, "page", 1, Integer.MAX_VALUE, 1, errors);
    int perPage = read(ctx, "per_page", 1, MAX_PER_PAGE, DEFAULT_PER_PAGE, errors);
    return new Request(page, perPage);
  }

  /**
   * Throws the 422 for query parameter problems, if there are any.
   *
   * @throws ApiException 422 {@code invalid_parameter} listing every problem
   */
  public static void throwIfAny(List<ValidationError> errors) {
    if (!errors.isEmpty()) {
      throw ApiException.unprocessable(
          "invalid_parameter", "The query parameters are not valid.", errors);
    }
  }

  /**
   * Builds the page answer; the links keep the request's other query parameters.
   *
   * @param items this page's items
   * @param total how many items the whole list has
   */
  public static <T> Page<T> of(Context ctx, Request request, List<T> items, long total) {
    int lastPage =
        (int) Math.max(1, Math.min(Integer.MAX_VALUE, ceilDiv(total, request.perPage())));
    int page = request.page();
    Links links =
        new Links(
            link(ctx, 1, request.perPage()),
            link(ctx, lastPage, request.perPage()),
            page > 1 ? link(ctx, Math.min(page - 1, lastPage), request.perPage()) : null,
            page < lastPage ? link(ctx, page + 1, request.perPage()) : null);
    return new Page<>(items, links, new Meta(page, request.perPage(), total, lastPage));
  }

  private static long ceilDiv(long total, int perPage) {
    return (total + perPage - 1) / perPage;
  }

  private static int read(
      Context ctx, String name, int min, int max, int fallback, List<ValidationError> errors) {
    String text = ctx.queryParam(name);
    if (text == null) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      errors.add(new ValidationError("invalid_type", name, name + " must be an integer"));
      return fallback;
    }
    if (value < min || value > max) {
      errors.add(
          new ValidationError(
              "out_of_range",
              name,
              max == Integer.MAX_VALUE
                  ? name + " must be at least " + min
                  : name + " must be between " + min + " and " + max));
      return fallback;
    }
    return (int) value;
  }

  private static String link(Context ctx, int page, int perPage) {
    Map<String, List<String>> params = new TreeMap<>(ctx.queryParamMap());
    params.remove("page");
    params.remove("per_page");
    StringBuilder out = new StringBuilder(ctx.path()).append("?");
    params.forEach(
        (name, values) -> {
          for (String value : values) {
            out.append(encode(name)).append('=').append(encode(value)).append('&');
          }
        });
    return out.append("page=").append(page).append("&per_page=").append(perPage).toString();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
