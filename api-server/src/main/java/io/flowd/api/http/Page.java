package io.flowd.api.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One page of a list answer: {@code {"data", "links", "meta"}}. Every list route reads its {@code
 * ?page=&per_page=} with {@link #request} (or {@link QueryParams#page}) and answers with {@link
 * #of}.
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
   * Reads {@code page} (default 1) and {@code per_page} (default 25, at most 100) from the query of
   * a list route that has no other parameters.
   *
   * @throws ApiException 400 {@code invalid_query} for a bad value or any other parameter
   */
  public static Request request(Context ctx) {
    QueryParams query = QueryParams.of(ctx);
    Request request = query.page();
    query.validate();
    return request;
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
