package io.flowd.engine.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.trace.IdGenerator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Spans whose ids are chosen, not drawn: a span made from what a run's history records (the run,
 * its waits and child runs) gets ids derived from that history, so every worker that replays the
 * run names the same span, and the run's activities can be its children before it is exported. Ids
 * are the leading bytes of a SHA-256 of the given parts; the SDK's random generator makes every
 * other id.
 */
public final class RecordedSpans {
  private static final ThreadLocal<String[]> CHOSEN = new ThreadLocal<>();

  /** The SDK id generator: the chosen ids while {@link #start} runs, random ones otherwise. */
  static final IdGenerator IDS =
      new IdGenerator() {
        @Override
        public String generateSpanId() {
          String[] chosen = CHOSEN.get();
          return chosen == null ? IdGenerator.random().generateSpanId() : chosen[1];
        }

        @Override
        public String generateTraceId() {
          String[] chosen = CHOSEN.get();
          return chosen == null ? IdGenerator.random().generateTraceId() : chosen[0];
        }
      };

  private RecordedSpans() {}

  /** Returns a span id (16 hex digits, never all zero) derived from {@code parts}. */
  public static String spanId(String... parts) {
    return digest(parts, 8);
  }

  /** Returns a trace id (32 hex digits, never all zero) derived from {@code parts}. */
  public static String traceId(String... parts) {
    return digest(parts, 16);
  }

  /**
   * Returns the context of a span with the chosen {@code spanId} in {@code parent}'s trace, or in
   * the trace {@code rootTraceId} when {@code parent} is not valid; sampled like its parent.
   */
  public static SpanContext childOf(SpanContext parent, String rootTraceId, String spanId) {
    if (parent.isValid()) {
      return SpanContext.create(
          parent.getTraceId(), spanId, parent.getTraceFlags(), parent.getTraceState());
    }
    return SpanContext.create(
        rootTraceId, spanId, TraceFlags.getSampled(), TraceState.getDefault());
  }

  /**
   * Starts the span {@code builder} describes with the ids of {@code chosen}: its trace id when the
   * builder has no valid parent, and its span id.
   */
  public static Span start(SpanBuilder builder, SpanContext chosen) {
    CHOSEN.set(new String[] {chosen.getTraceId(), chosen.getSpanId()});
    try {
      return builder.startSpan();
    } finally {
      CHOSEN.remove();
    }
  }

  private static String digest(String[] parts, int bytes) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (String part : parts) {
      sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
    }
    byte[] hash = sha.digest();
    // An all-zero id is invalid; the last byte kept is forced non-zero then.
    boolean zero = true;
    for (int i = 0; i < bytes; i++) {
      zero &= hash[i] == 0;
    }
    if (zero) {
      hash[bytes - 1] = 1;
    }
    return HexFormat.of().formatHex(hash, 0, bytes);
  }
}
