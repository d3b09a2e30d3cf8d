package io.flowd.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The contract as an OpenAPI 3 document, served at {@code GET /openapi.json}. It is the resource
 * {@code /openapi.json}, kept in step with {@code API.md} by hand.
 */
public final class OpenApiDocument {
  private static final String RESOURCE = "/openapi.json";

  private OpenApiDocument() {}

  /**
   * Returns the document's UTF-8 JSON bytes, read from the class path once. Callers must not change
   * the array.
   *
   * @throws IllegalStateException when the resource is missing from the class path
   */
  public static byte[] bytes() {
    return Holder.BYTES;
  }

  private static final class Holder {
    static final byte[] BYTES = load();
  }

  private static byte[] load() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
