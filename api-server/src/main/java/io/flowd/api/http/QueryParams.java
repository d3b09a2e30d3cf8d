package io.flowd.api.http;

import io.flowd.model.Ids;
import io.flowd.model.ValidationError;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The query string of a list route, read strictly: the route declares every parameter it knows,
 * reads each through one of the typed methods, and {@link #validate} answers 400 {@code
 * invalid_query} naming every unknown parameter and every bad value at once. No filter is ever
 * silently ignored.
 *
 * <p>Usage: {@code QueryParams q = QueryParams.of(ctx, "status", "since"); String s =
 * q.oneOf("status", ...); Page.Request page = q.page(); q.validate();}
 */
public final class QueryParams {
  /** The error code of a refused query string. */
  public static final String INVALID_QUERY = "invalid_query";

  private final Context ctx;
  private final Set<String> known = new LinkedHashSet<>();
  private final List<ValidationError> errors = new ArrayList<>();

  private QueryParams(Context ctx, Collection<String> names) {
    this.ctx = ctx;
    known.addAll(names);
  }

  /**
   * Starts reading a list route's query; {@code page} and {@code per_page} are always known.
   *
   * @param names the route's other parameters
   */
  public static QueryParams of(Context ctx, String... names) {
    QueryParams params = new QueryParams(ctx, List.of(names));
    params.known.add("page");
    params.known.add("per_page");
    return params;
  }

  /**
   * Starts reading a route's query that has no paging.
   *
   * @param names the route's parameters
   */
  public static QueryParams unpaged(Context ctx, String... names) {
    return new QueryParams(ctx, List.of(names));
  }

  /** Returns the single value of {@code name}, or {@code null} when absent. */
  public String text(String name) {
    List<String> values = values(name);
    if (values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      errors.add(
          new ValidationError("repeated_parameter", name, name + " may be given only once."));
      return null;
    }
    String value = values.get(0);
    if (value.isEmpty() || value.indexOf('\u0000') >= 0) {
      errors.add(new ValidationError("invalid_value", name, name + " must not be empty."));
      return null;
    }
    return value;
  }

  /** Returns the single value of {@code name}, which must be one of {@code allowed}. */
  public String oneOf(String name, Collection<String> allowed) {
    String value = text(name);
    if (value != null && !allowed.contains(value)) {
      errors.add(mustBeOneOf(name, allowed));
      return null;
    }
    return value;
  }

  /**
   * Returns every value of a repeatable parameter ({@code ?status=a&status=b}), each one of {@code
   * allowed}, without duplicates; empty when absent.
   */
  public List<String> allOf(String name, Collection<String> allowed) {
    Set<String> out = new LinkedHashSet<>();
    for (String value : values(name)) {
      if (!allowed.contains(value)) {
        errors.add(mustBeOneOf(name, allowed));
        return List.of();
      }
      out.add(value);
    }
    return List.copyOf(out);
  }

  /** Returns the single value of {@code name}, which must be an id with {@code prefix}. */
  public String id(String name, String prefix) {
    String value = text(name);
    if (value != null && !Ids.matches(prefix, value)) {
      errors.add(
          new ValidationError(
              "invalid_value", name, name + " must be an id of the form " + prefix + "…."));
      return null;
    }
    return value;
  }

  /** Returns the RFC 3339 timestamp of {@code name}, or {@code null} when absent. */
  public Instant timestamp(String name) {
    String value = text(name);
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException e) {
      errors.add(
          new ValidationError(
              "invalid_value",
              name,
              name + " must be an RFC 3339 timestamp, such as 2026-11-07T05:31:56Z."));
      return null;
    }
  }

  /** Returns the integer of {@code name} in [{@code min}, {@code max}], else {@code fallback}. */
  public int integer(String name, int min, int max, int fallback) {
    String value = text(name);
    if (value == null) {
      return fallback;
    }
    long parsed;
    try {
      parsed = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      errors.add(new ValidationError("invalid_type", name, name + " must be an integer."));
      return fallback;
    }
    if (parsed < min || parsed > max) {
      errors.add(
          new ValidationError(
              "out_of_range",
              name,
              max == Integer.MAX_VALUE
                  ? name + " must be at least " + min + "."
                  : name + " must be between " + min + " and " + max + "."));
      return fallback;
    }
    return (int) parsed;
  }

  /** Returns {@code page} (default 1) and {@code per_page} (default 25, at most 100). */
  public Page.Request page() {
    int page = integer("page", 1, Integer.MAX_VALUE, 1);
    int perPage = integer("per_page", 1, Page.MAX_PER_PAGE, Page.DEFAULT_PER_PAGE);
    return new Page.Request(page, perPage);
  }

  /** Adds a problem found by the route itself, such as two parameters that contradict. */
  public void reject(String name, String message) {
    errors.add(new ValidationError("invalid_value", name, message));
  }

  /**
   * Throws the 400 when the query has an unknown parameter or a bad value.
   *
   * @throws ApiException 400 {@code invalid_query}, naming every refused parameter in the message
   *     and in {@code errors[].path}
   */
  public void validate() {
    List<ValidationError> all = new ArrayList<>();
    for (String name : new TreeSet<>(ctx.queryParamMap().keySet())) {
      if (!known.contains(name)) {
        all.add(
            new ValidationError(
                "unknown_parameter",
                name,
                name + " is not a parameter of this route; known: " + String.join(", ", known)));
      }
    }
    all.addAll(errors);
    if (all.isEmpty()) {
      return;
    }
    Set<String> names = new LinkedHashSet<>();
    all.forEach(e -> names.add(e.path()));
    throw new ApiException(
        400,
        ApiException.INVALID_REQUEST,
        INVALID_QUERY,
        "Invalid query parameter"
            + (names.size() > 1 ? "s " : " ")
            + String.join(", ", names)
            + ".",
        all,
        null);
  }

  private List<String> values(String name) {
    if (!known.contains(name)) {
      throw new IllegalArgumentException("undeclared query parameter " + name);
    }
    Map<String, List<String>> all = ctx.queryParamMap();
    return all.getOrDefault(name, List.of());
  }

  private static ValidationError mustBeOneOf(String name, Collection<String> allowed) {
    return new ValidationError(
        "invalid_value", name, name + " must be one of " + String.join(", ", allowed) + ".");
  }
}
