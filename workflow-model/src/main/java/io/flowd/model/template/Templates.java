package io.flowd.model.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/** Renders {@code {{ path }}} templates inside JSON values. Templates are pure: no code runs. */
public final class Templates {
  private Templates() {}

  /**
   * Renders every string inside {@code value} (objects and arrays recursively; keys untouched). A
   * string that is exactly one template takes the referenced JSON value itself; templates inside
   * text are rendered as text. A path that does not resolve renders {@code null}.
   */
  public static JsonNode render(JsonNode value, TemplateScope scope) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Returns the root names (first path segments) that templates inside {@code value} use. */
  public static Set<String> roots(JsonNode value) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Returns whether {@code s} is exactly one template. */
  public static boolean isTemplate(String s) {
    throw new UnsupportedOperationException("not yet");
  }

  /** Returns whether {@code s} contains a template. */
  public static boolean containsTemplate(String s) {
    throw new UnsupportedOperationException("not yet");
  }
}
