package io.flowd.nodes.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Replaces every occurrence of resolved secret values with {@code ***}, in text and in JSON. */
public final class SecretMask {
  /** What a secret is replaced with. */
  public static final String MASK = "***";

  /** A mask that changes nothing. */
  public static final SecretMask NONE = new SecretMask(List.of());

  private final List<String> secrets;

  /** Creates a mask of these values; empty ones are ignored, longer ones are replaced first. */
  public SecretMask(List<String> values) {
    List<String> kept = new ArrayList<>();
    for (String value : values) {
      if (value != null && !value.isEmpty() && !kept.contains(value)) {
        kept.add(value);
      }
    }
    kept.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = List.copyOf(kept);
  }

  /** Returns {@code text} with every secret replaced. */
  public String apply(String text) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, MASK);
    }
    return out;
  }

  /** Returns a copy of {@code value} with every secret replaced in its strings and keys. */
  public JsonNode apply(JsonNode value) {
    if (value == null || secrets.isEmpty()) {
      return value;
    }
    if (value.isTextual()) {
      return TextNode.valueOf(apply(value.textValue()));
    }
    if (value.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        out.set(apply(field.getKey()), apply(field.getValue()));
      }
      return out;
    }
    if (value.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode(value.size());
      value.forEach(element -> out.add(apply(element)));
      return out;
    }
    if (value.isNumber() || value.isBoolean()) {
      String text = value.asText();
      return apply(text).equals(text) ? value : TextNode.valueOf(apply(text));
    }
    return value;
  }
}
