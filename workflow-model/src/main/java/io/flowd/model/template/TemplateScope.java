package io.flowd.model.template;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The values templates can reach, by their first path segment: {@code trigger}, {@code run}, {@code
 * workflow}, {@code vault} and node ids.
 */
@FunctionalInterface
public interface TemplateScope {

  /** Returns the value named {@code root}, or {@code null} when there is none. */
  JsonNode root(String root);
}
