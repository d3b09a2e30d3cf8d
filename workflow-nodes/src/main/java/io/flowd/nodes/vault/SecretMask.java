package io.flowd.nodes.vault;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Replaces every occurrence of resolved secret values with {@code ***}, in text and in JSON, in
 * every form a secret takes on the way out: raw, JSON-escaped, URL-encoded ({@code +} and {@code
 * %20} for spaces, upper- and lowercase hex), and base64 (standard and URL-safe, with and without
 * padding, and the characters a secret determines wherever it sits inside a longer base64 text,
 * such as {@code Basic} credentials). Mask text before cutting it, never after.
 */
public final class SecretMask {
  /** What a secret is replaced with. */
  public static final String MASK = "***";

  /** A mask that changes nothing. */
  public static final SecretMask NONE = new SecretMask(List.of());

  /** The shortest derived (encoded) form masked; shorter ones would hide ordinary text. */
  private static final int MIN_DERIVED_LENGTH = 4;

  private final List<String> forms;

  /** Creates a mask of these values; empty ones are ignored, longer forms are replaced first. */
  public SecretMask(List<String> values) {
    Set<String> kept = new LinkedHashSet<>();
    for (String value : values) {
      if (value != null && !value.isEmpty()) {
        kept.add(value);
        for (String form : derivedForms(value)) {
          if (form.length() >= MIN_DERIVED_LENGTH) {
            kept.add(form);
          }
        }
      }
    }
    List<String> sorted = new ArrayList<>(kept);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    this.forms = List.copyOf(sorted);
  }

  private static List<String> derivedForms(String secret) {
    List<String> forms = new ArrayList<>();
    forms.add(new String(JsonStringEncoder.getInstance().quoteAsString(secret)));
    String plus = URLEncoder.encode(secret, StandardCharsets.UTF_8);
    for (String url : List.of(plus, plus.replace("+", "%20"))) {
      forms.add(url);
      forms.add(lowerHex(url));
    }
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
      String padded = encoder.encodeToString(bytes);
      forms.add(padded);
      forms.add(padded.replace("=", ""));
      for (int offset = 0; offset < 3; offset++) {
        forms.add(base64Core(encoder, bytes, offset));
      }
    }
    return forms;
  }

  /**
   * Returns the base64 characters that depend only on the secret's bits when the secret starts
   * {@code offset} bytes into a longer text (the characters before and after also depend on the
   * neighbouring bytes).
   */
  private static String base64Core(Base64.Encoder encoder, byte[] secret, int offset) {
    byte[] shifted = new byte[offset + secret.length];
    System.arraycopy(secret, 0, shifted, offset, secret.length);
    String encoded = encoder.withoutPadding().encodeToString(shifted);
    int firstBit = 8 * offset;
    int endBit = 8 * (offset + secret.length);
    int from = (firstBit + 5) / 6;
    int to = endBit / 6; // characters whose six bits all lie inside the secret
    return from < to ? encoded.substring(from, to) : "";
  }

  private static String lowerHex(String urlEncoded) {
    StringBuilder out = new StringBuilder(urlEncoded.length());
    for (int i = 0; i < urlEncoded.length(); i++) {
      char c = urlEncoded.charAt(i);
      if (c == '%' && i + 2 < urlEncoded.length()) {
        out.append(c).append(urlEncoded.substring(i + 1, i + 3).toLowerCase(Locale.ROOT));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Returns whether {@code text} holds a secret in any of the masked forms. */
  public boolean reveals(String text) {
    if (text == null) {
      return false;
    }
    for (String form : forms) {
      if (text.contains(form)) {
        return true;
      }
    }
    return false;
  }

  /** Returns {@code text} with every form of every secret replaced. */
  public String apply(String text) {
    if (text == null || forms.isEmpty()) {
      return text;
    }
    String out = text;
    for (String form : forms) {
      out = out.replace(form, MASK);
    }
    return out;
  }

  /** Returns a copy of {@code value} with every secret replaced in its strings and keys. */
  public JsonNode apply(JsonNode value) {
    if (value == null || forms.isEmpty()) {
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
