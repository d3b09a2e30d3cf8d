package io.flowd.nodes.vault;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the vault names a node's config refers to: {@code {{ vault.NAME }}} or {@code
 * vault["NAME"]}.
 */
public final class VaultReferences {
  private static final Pattern REFERENCE =
      Pattern.compile(
          "\\{\\{\\s*vault\\s*(?:\\.\\s*([A-Za-z0-9_]+)|\\[\\s*[\"']([A-Za-z0-9_]+)[\"']\\s*\\])");

  private VaultReferences() {}

  /** Returns the referenced names in the order they first appear. */
  public static Set<String> names(JsonNode value) {
    Set<String> names = new LinkedHashSet<>();
    collect(value, names);
    return names;
  }

  private static void collect(JsonNode value, Set<String> names) {
    if (value == null) {
      return;
    }
    if (value.isTextual()) {
      Matcher m = REFERENCE.matcher(value.textValue());
      while (m.find()) {
        names.add(m.group(1) != null ? m.group(1) : m.group(2));
      }
    } else if (value.isContainerNode()) {
      value.forEach(child -> collect(child, names));
    }
  }
}
