package io.flowd.api.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.api.http.ApiException;
import io.flowd.api.http.JsonBodies;
import io.flowd.model.Json;
import io.flowd.model.ValidationError;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.UrlEncoded;

/**
 * Parses a webhook body by its content type: JSON as JSON, {@code
 * application/x-www-form-urlencoded} as an object (repeated keys as arrays), {@code
 * multipart/form-data} as fields plus files, {@code text/*} (and any other type) as a string. Form
 * and multipart parsing is Jetty's (the server Javalin runs on), not ours. A body that does not
 * parse as its declared type is a 400 naming the type.
 */
final class WebhookBodies {
  /** Most parts a multipart body may have. */
  static final int MAX_PARTS = 100;

  /** Largest file of a multipart body: the route's body limit. */
  static final long MAX_FILE_BYTES = JsonBodies.MAX_BODY_BYTES;

  private WebhookBodies() {}

  /**
   * A file of a multipart body.
   *
   * @param field the form field it was sent as
   * @param name its file name
   * @param type its content type
   * @param bytes its content
   */
  record FilePart(String field, String name, String type, byte[] bytes) {}

  /**
   * A parsed body.
   *
   * @param body the value for {@code trigger.body}; for multipart {@code {"fields", "files"}} with
   *     {@code files} still empty (the caller stores the files and fills it)
   * @param files the files of a multipart body, in order
   */
  record Parsed(JsonNode body, List<FilePart> files) {}

  static Parsed parse(byte[] raw, String contentType) {
    if (raw != null && raw.length > JsonBodies.MAX_BODY_BYTES) {
      throw ApiException.payloadTooLarge();
    }
    if (raw == null || raw.length == 0) {
      return new Parsed(JsonNodeFactory.instance.nullNode(), List.of());
    }
    String mime = contentType == null ? "" : mimeType(contentType);
    if (JsonBodies.isJsonContentType(contentType)) {
      String text = new String(raw, StandardCharsets.UTF_8);
      return new Parsed(
          text.isBlank()
              ? JsonNodeFactory.instance.nullNode()
              : JsonBodies.readJson(raw, contentType),
          List.of());
    }
    if (mime.equals("application/x-www-form-urlencoded")) {
      return new Parsed(form(raw, charset(contentType, mime)), List.of());
    }
    if (mime.equals("multipart/form-data")) {
      return multipart(raw, contentType);
    }
    Charset charset =
        mime.startsWith("text/") ? charset(contentType, mime) : StandardCharsets.UTF_8;
    return new Parsed(JsonNodeFactory.instance.textNode(text(raw, charset, mime)), List.of());
  }

  /**
   * Returns {@code trigger.raw_body}: the exact bytes as text when they are UTF-8 without U+0000,
   * else in base64 ({@link #rawEncoding} tells which).
   */
  static String raw(byte[] raw) {
    if (raw == null) {
      return "";
    }
    return isPlainUtf8(raw) ? new String(raw, StandardCharsets.UTF_8) : base64(raw);
  }

  /** Returns {@code utf-8} or {@code base64}: how {@link #raw} wrote the bytes. */
  static String rawEncoding(byte[] raw) {
    return raw == null || isPlainUtf8(raw) ? "utf-8" : "base64";
  }

  private static String base64(byte[] raw) {
    return Base64.getEncoder().encodeToString(raw);
  }

  private static boolean isPlainUtf8(byte[] raw) {
    for (byte b : raw) {
      if (b == 0) {
        return false;
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static ObjectNode form(byte[] raw, Charset charset) {
    String text = text(raw, charset, "application/x-www-form-urlencoded");
    ObjectNode out = Json.object();
    try {
      UrlEncoded.decodeTo(text, (name, value) -> add(out, name, value), charset);
    } catch (IllegalArgumentException e) {
      throw malformed("application/x-www-form-urlencoded", e.getMessage());
    }
    return out;
  }

  private static Parsed multipart(byte[] raw, String contentType) {
    String boundary = MultiPart.extractBoundary(contentType);
    if (boundary == null || boundary.isEmpty()) {
      throw malformed("multipart/form-data", "the Content-Type names no boundary");
    }
    MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
    parser.setMaxParts(MAX_PARTS);
    parser.setMaxLength(JsonBodies.MAX_BODY_BYTES);
    parser.setMaxFileSize(MAX_FILE_BYTES);
    parser.setMaxMemoryFileSize(JsonBodies.MAX_BODY_BYTES);
    MultiPartFormData.Parts parts;
    try {
      parts = parser.parse(Content.Source.from(ByteBuffer.wrap(raw))).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw malformed("multipart/form-data", "parsing was interrupted");
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String message = String.valueOf(cause.getMessage());
      if (message.toLowerCase(Locale.ROOT).contains("max")) {
        throw new ApiException(
            413,
            "invalid_request_error",
            "payload_too_large",
            "A file or the whole multipart body is larger than "
                + JsonBodies.MAX_BODY_BYTES
                + " bytes, or it has more than "
                + MAX_PARTS
                + " parts: "
                + message,
            null,
            null);
      }
      throw malformed("multipart/form-data", message);
    }
    ObjectNode fields = Json.object();
    List<FilePart> files = new ArrayList<>();
    try (parts) {
      for (MultiPart.Part part : parts) {
        String name = part.getName();
        if (name == null) {
          throw malformed("multipart/form-data", "a part has no form field name");
        }
        byte[] bytes = bytes(part);
        if (part.getFileName() != null) {
          String type = part.getHeaders().get("Content-Type");
          files.add(
              new FilePart(
                  name,
                  part.getFileName(),
                  type == null ? "application/octet-stream" : type,
                  bytes));
        } else {
          String type = part.getHeaders().get("Content-Type");
          Charset charset = type == null ? StandardCharsets.UTF_8 : charset(type, mimeType(type));
          add(fields, name, text(bytes, charset, "multipart/form-data"));
        }
      }
    }
    ObjectNode body = Json.object();
    body.set("fields", fields);
    body.set("files", Json.object());
    return new Parsed(body, files);
  }

  private static byte[] bytes(MultiPart.Part part) {
    try {
      ByteBuffer buffer = Content.Source.asByteBuffer(part.getContentSource());
      byte[] out = new byte[buffer.remaining()];
      buffer.get(out);
      return out;
    } catch (java.io.IOException e) {
      throw malformed("multipart/form-data", e.getMessage());
    }
  }

  /** Adds {@code value} under {@code name}; a repeated name becomes an array of its values. */
  static void add(ObjectNode out, String name, JsonNode value) {
    JsonNode existing = out.get(name);
    if (existing == null) {
      out.set(name, value);
    } else if (existing.isArray()) {
      ((ArrayNode) existing).add(value);
    } else {
      ArrayNode array = out.arrayNode();
      array.add(existing);
      array.add(value);
      out.set(name, array);
    }
  }

  private static void add(ObjectNode out, String name, String value) {
    add(out, name, JsonNodeFactory.instance.textNode(value));
  }

  private static String text(byte[] raw, Charset charset, String type) {
    String text;
    try {
      text =
          charset
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(raw))
              .toString();
    } catch (CharacterCodingException e) {
      throw malformed(type, "it is not valid " + charset.name());
    }
    if (text.indexOf('\0') >= 0) {
      throw ApiException.unprocessable(
          "invalid_string",
          "The body contains the character U+0000.",
          List.of(new ValidationError("nul_character", "body", "The body contains U+0000.")));
    }
    return text;
  }

  private static String mimeType(String contentType) {
    String base = MimeTypes.getContentTypeWithoutCharset(contentType);
    int semicolon = base.indexOf(';');
    return (semicolon < 0 ? base : base.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }

  private static Charset charset(String contentType, String mime) {
    String name = MimeTypes.getCharsetFromContentType(contentType);
    if (name == null) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(name);
    } catch (IllegalArgumentException e) {
      throw malformed(mime, "its charset " + name + " is unknown");
    }
  }

  static ApiException malformed(String type, String why) {
    return ApiException.badRequest(
        "malformed_body", "The body is not valid " + type + ": " + why + ".");
  }
}
