package io.flowd.api.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.flowd.model.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Reads a message body into the trigger payload's {@code body}: JSON parsed, text, or base64 for
 * binary, as the trigger's {@code format} and the message's content type say. A body that cannot be
 * used is a {@link Poison}.
 */
final class MessageBodyReader {
  /** The formats a trigger may ask for. */
  static final String AUTO = "auto";

  private MessageBodyReader() {}

  /**
   * A body read, and how.
   *
   * @param body the value for the payload
   * @param encoding {@code json}, {@code text}, {@code base64} or {@code none}
   */
  record Read(JsonNode body, String encoding) {}

  /** A message that cannot start a run: it is dead-lettered, with this reason. */
  static final class Poison extends Exception {
    private static final long serialVersionUID = 1L;

    Poison(String reason) {
      super(reason, null, false, false);
    }
  }

  static Read read(byte[] raw, String contentType, String format, int maxBytes) throws Poison {
    if (raw.length > maxBytes) {
      throw new Poison("body of " + raw.length + " bytes is over the limit of " + maxBytes);
    }
    String wanted = format == null ? AUTO : format;
    if (raw.length == 0 && !"binary".equals(wanted)) {
      if ("json".equals(wanted)) {
        throw new Poison("empty body where JSON is required");
      }
      return new Read(JsonNodeFactory.instance.nullNode(), "none");
    }
    switch (wanted) {
      case "json":
        return new Read(json(raw), "json");
      case "text":
        {
          String text = utf8(raw);
          if (text == null || text.indexOf('\0') >= 0) {
            throw new Poison("body is not UTF-8 text without U+0000");
          }
          return new Read(JsonNodeFactory.instance.textNode(text), "text");
        }
      case "binary":
        return base64(raw);
      default:
        if (isJson(contentType)) {
          return new Read(json(raw), "json");
        }
        String text = utf8(raw);
        if (text == null || text.indexOf('\0') >= 0) {
          return base64(raw);
        }
        return new Read(JsonNodeFactory.instance.textNode(text), "text");
    }
  }

  private static Read base64(byte[] raw) {
    return new Read(
        JsonNodeFactory.instance.textNode(Base64.getEncoder().encodeToString(raw)), "base64");
  }

  private static JsonNode json(byte[] raw) throws Poison {
    try {
      JsonNode parsed = Json.MAPPER.readTree(raw);
      if (parsed == null || parsed.isMissingNode()) {
        throw new Poison("empty body where JSON is required");
      }
      if (parsed.toString().contains("\\u0000")) {
        throw new Poison("JSON body contains U+0000");
      }
      return parsed;
    } catch (java.io.IOException e) {
      throw new Poison("body is not valid JSON");
    }
  }

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return type.equals("application/json") || type.endsWith("+json");
  }

  private static String utf8(byte[] raw) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
