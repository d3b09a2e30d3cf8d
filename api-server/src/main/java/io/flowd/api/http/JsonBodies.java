package io.flowd.api.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import io.flowd.model.ValidationError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads request bodies the way the contract asks: at most 1 MiB, JSON content type, well-formed,
 * nested at most {@link Json#MAX_DEPTH} levels below the root, and no U+0000 in any string.
 */
public final class JsonBodies {
  /** The largest request body accepted, in bytes (1 MiB). */
  public static final int MAX_BODY_BYTES = 1_048_576;

  private JsonBodies() {}

  /**
   * Parses a request body.
   *
   * @param body the raw body, or {@code null} for none
   * @param contentType the request's {@code Content-Type} header, or {@code null}
   * @return the parsed document; an empty object when the body is empty or only whitespace
   * @throws ApiException 413 when the body is over {@link #MAX_BODY_BYTES}; 415 when a body comes
   *     with a content type other than {@code application/json}, a {@code +json} type, or a charset
   *     other than UTF-8; 400 {@code invalid_json} when it is not well-formed JSON; 422 {@code
   *     too_deep} when it nests deeper than allowed; 422 {@code invalid_string} when a string or
   *     key contains U+0000 or a lone surrogate; 422 {@code number_out_of_range} for a number
   *     beyond a double (such as {@code 1e400}); 400 {@code duplicate_key} when an object repeats a
   *     key
   */
  public static JsonNode readJson(byte[] body, String contentType) {
    if (body != null && body.length > MAX_BODY_BYTES) {
      throw ApiException.payloadTooLarge();
    }
    if (body == null || isBlank(body)) {
      return Json.object();
    }
    if (!isJsonContentType(contentType)) {
      throw ApiException.unsupportedMediaType();
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(body);
    } catch (StreamConstraintsException e) {
      if (e.getOriginalMessage().toLowerCase(Locale.ROOT).contains("nesting depth")) {
        throw ApiException.unprocessable(
            "too_deep",
            "The JSON body is nested deeper than " + Json.MAX_DEPTH + " levels.",
            List.of());
      }
      throw ApiException.unprocessable("too_large", e.getOriginalMessage(), List.of());
    } catch (JsonProcessingException e) {
      if (e.getOriginalMessage().startsWith("Duplicate field")) {
        throw ApiException.badRequest(
            "duplicate_key",
            "The JSON body repeats the key "
                + quoted(e.getOriginalMessage())
                + at(e.getLocation())
                + ".");
      }
      throw ApiException.badRequest("invalid_json", describe(e));
    } catch (IOException e) {
      throw ApiException.badRequest("invalid_json", "The request body could not be read as JSON.");
    }
    if (node == null || node.isMissingNode()) {
      return Json.object();
    }
    List<ValidationError> nulChars = new ArrayList<>();
    findNulCharacters(node, "", nulChars);
    if (!nulChars.isEmpty()) {
      throw ApiException.unprocessable(
          "invalid_string", "Strings must not contain the character U+0000.", nulChars);
    }
    List<ValidationError> lossy = Json.strictProblems(node);
    if (lossy.stream().anyMatch(p -> p.code().equals("number_out_of_range"))) {
      throw ApiException.unprocessable(
          "number_out_of_range", "Numbers must fit in a double (such as 1e308, not 1e400).", lossy);
    }
    if (!lossy.isEmpty()) {
      throw ApiException.unprocessable(
          "invalid_string", "Strings must not hold lone UTF-16 surrogates.", lossy);
    }
    return node;
  }

  /**
   * Returns whether a {@code Content-Type} names JSON: {@code application/json} or any {@code
   * type/subtype+json}, with parameters allowed but a charset, when given, only UTF-8.
   */
  public static boolean isJsonContentType(String contentType) {
    if (contentType == null) {
      return false;
    }
    String[] parts = contentType.split(";");
    String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
    int slash = mediaType.indexOf('/');
    if (slash <= 0 || slash != mediaType.lastIndexOf('/')) {
      return false;
    }
    String subtype = mediaType.substring(slash + 1);
    boolean json =
        mediaType.equals("application/json")
            || (subtype.endsWith("+json") && subtype.length() > "+json".length());
    if (!json) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      int eq = parameter.indexOf('=');
      if (eq > 0 && parameter.substring(0, eq).strip().equalsIgnoreCase("charset")) {
        String charset = parameter.substring(eq + 1).strip().replace("\"", "");
        if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  /**
   * One sentence on where and why the body is not JSON, with line and column; never the parser's
   * own text (its class names and feature switches mean nothing to a caller).
   */
  static String describe(JsonProcessingException e) {
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    String reason;
    if (e instanceof JsonEOFException || original.startsWith("Unexpected end-of-input")) {
      reason = "it ends before the JSON is complete (cut off?)";
    } else if (original.startsWith("Unexpected character")) {
      String character = quoted(original);
      reason = "unexpected character " + (character.isEmpty() ? "" : character + " ");
      reason = reason.strip();
    } else if (original.startsWith("Unrecognized token")) {
      reason = "unknown word " + quoted(original) + " (strings need double quotes)";
    } else if (original.startsWith("Trailing token") || original.contains("end-of-input")) {
      reason = "more content follows the first JSON value";
    } else if (original.contains("control character")) {
      reason = "a string holds an unescaped control character";
    } else {
      reason = "unexpected content";
    }
    return "The request body is not valid JSON: " + reason + at(e.getLocation()) + ".";
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() <= 0) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /** Returns the first {@code '…'} of a parser message, quotes included, or an empty string. */
  private static String quoted(String message) {
    int start = message.indexOf('\'');
    int end = start < 0 ? -1 : message.indexOf('\'', start + 1);
    if (end < 0 || end - start > 40) {
      return "";
    }
    return message.substring(start, end + 1);
  }

  private static void findNulCharacters(JsonNode node, String path, List<ValidationError> out) {
    if (node.isTextual()) {
      if (node.textValue().indexOf('\0') >= 0) {
        out.add(new ValidationError("nul_character", path, "The string contains U+0000."));
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String key = field.getKey();
        String child = path.isEmpty() ? key : path + "." + key;
        if (key.indexOf('\0') >= 0) {
          out.add(
              new ValidationError("nul_character", path, "A key of this object contains U+0000."));
          continue;
        }
        findNulCharacters(field.getValue(), child, out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        findNulCharacters(node.get(i), path + "[" + i + "]", out);
      }
    }
  }
}
