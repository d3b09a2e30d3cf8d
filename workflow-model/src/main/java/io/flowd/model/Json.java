package io.flowd.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.FromStringDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one Jackson configuration flowd uses to read and write the contract's JSON. Parsing refuses
 * duplicate keys; {@link #strictProblems} finds what a parse would otherwise keep lossily (numbers
 * beyond the range of a double, lone UTF-16 surrogates).
 */
public final class Json {
  /** Maximum nesting depth of JSON documents accepted from users. */
  public static final int MAX_DEPTH = 64;

  /** Shared, thread-safe mapper; nesting beyond {@link #MAX_DEPTH} fails to parse. */
  public static final ObjectMapper MAPPER = create();

  private Json() {}

  private static ObjectMapper create() {
    ObjectMapper mapper =
        JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .addModule(timestamps())
            .build();
    // Jackson counts the root container, so allow one level more than the contract's limit.
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1).build());
    return mapper;
  }

  private static SimpleModule timestamps() {
    SimpleModule module = new SimpleModule("flowd-timestamps");
    module.addSerializer(
        Instant.class,
        new JsonSerializer<Instant>() {
          @Override
          public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider)
              throws IOException {
            gen.writeString(Timestamps.format(value));
          }
        });
    module.addDeserializer(
        Instant.class,
        new FromStringDeserializer<Instant>(Instant.class) {
          @Override
          protected Instant _deserialize(String value, DeserializationContext ctxt) {
            return Instant.parse(value);
          }
        });
    return module;
  }

  /** Returns a new empty JSON object. */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Parses a JSON text into a tree. */
  public static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Returns every value of a parsed document that cannot be kept as written: a number that
   * overflows a double ({@code 1e400} would become infinity) and a string or key holding a lone
   * surrogate (it would be written as {@code ?}). Paths are dotted, with {@code [i]} for elements.
   */
  public static List<ValidationError> strictProblems(JsonNode node) {
    List<ValidationError> problems = new ArrayList<>();
    strictProblems(node, "", problems);
    return problems;
  }

  /**
   * Throws when {@link #strictProblems} finds any problem.
   *
   * @throws IllegalArgumentException naming the first problem and its path
   */
  public static void strict(JsonNode node) {
    List<ValidationError> problems = strictProblems(node);
    if (!problems.isEmpty()) {
      ValidationError first = problems.get(0);
      throw new IllegalArgumentException(
          first.message() + (first.path().isEmpty() ? "" : " at " + first.path()));
    }
  }

  private static void strictProblems(JsonNode node, String path, List<ValidationError> out) {
    if (node.isDouble() || node.isFloat()) {
      if (!Double.isFinite(node.doubleValue())) {
        out.add(
            new ValidationError(
                "number_out_of_range", path, "The number is beyond the range of a double."));
      }
    } else if (node.isTextual()) {
      if (hasLoneSurrogate(node.textValue())) {
        out.add(
            new ValidationError(
                "lone_surrogate", path, "The string holds a lone UTF-16 surrogate."));
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        if (hasLoneSurrogate(field.getKey())) {
          out.add(
              new ValidationError(
                  "lone_surrogate", path, "A key of this object holds a lone UTF-16 surrogate."));
          continue;
        }
        strictProblems(field.getValue(), child, out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        strictProblems(node.get(i), path + "[" + i + "]", out);
      }
    }
  }

  private static boolean hasLoneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return true;
        }
      } else if (Character.isLowSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /** Writes a value as compact JSON text. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Converts any value (record, map, tree) into a JSON tree. */
  public static JsonNode toTree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** Converts a JSON tree into the given type. */
  public static <T> T fromTree(JsonNode node, Class<T> type) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }
}
