package io.flowd.nodes.code;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.model.Json;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * The runner protocol: each message is a 4-byte length, then that many bytes of UTF-8 JSON. A frame
 * longer than {@link #MAX_BYTES} is refused, so neither side can be made to buffer without bound.
 */
final class Frames {
  /** The longest frame: a 10 MiB output or scope, escaped, plus its envelope. */
  static final int MAX_BYTES = 64 * 1024 * 1024;

  private Frames() {}

  static void write(DataOutputStream out, JsonNode message) throws IOException {
    byte[] bytes = Json.MAPPER.writeValueAsBytes(message);
    out.writeInt(bytes.length);
    out.write(bytes);
    out.flush();
  }

  /** Returns the next message, or {@code null} at the end of the stream. */
  static JsonNode read(DataInputStream in) throws IOException {
    int length;
    try {
      length = in.readInt();
    } catch (EOFException end) {
      return null;
    }
    if (length < 0 || length > MAX_BYTES) {
      throw new IOException("frame of " + length + " bytes refused");
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return Json.MAPPER.readTree(bytes);
  }
}
