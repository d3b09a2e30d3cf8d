package io.flowd.model.expression;

import com.dashjoin.jsonata.Jsonata;
import java.lang.reflect.Constructor;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Parsed JSONata expressions by source text, bounded in count and in characters, least recently
 * used first out, so that a worker does not parse the same expression for every node of every run.
 *
 * <p>A {@link Jsonata} object is not safe to share as the library hands it out: its constructor
 * makes it the calling thread's evaluation state holder, and evaluating any expression on that
 * thread then overwrites its {@code environment}, the parent frame of every later evaluation of it,
 * from any thread. The cache therefore keeps a copy made with the library's own per-thread copy
 * constructor: it shares the immutable syntax tree and the pristine top frame and is never any
 * thread's state holder, so concurrent evaluations each run in a fresh child frame. When that
 * constructor cannot be reached, nothing is cached and every evaluation parses again.
 */
final class ParseCache {
  /** Most expressions kept. */
  static final int MAX_ENTRIES = 2_048;

  /** Most characters of expression text kept, so that long expressions cannot fill the heap. */
  static final long MAX_CHARS = 1_000_000;

  private static final Constructor<Jsonata> COPY = copyConstructor();

  private final Map<String, Jsonata> entries = new LinkedHashMap<>(64, 0.75f, true);
  private final int maxEntries;
  private final long maxChars;
  private long chars;

  ParseCache(int maxEntries, long maxChars) {
    this.maxEntries = maxEntries;
    this.maxChars = maxChars;
  }

  /** Returns whether parsed expressions can be shared (and so are cached). */
  static boolean sharing() {
    return COPY != null;
  }

  /**
   * Returns the shareable parse of {@code text}, parsing it with {@code parser} on a miss. A parse
   * that throws is not cached.
   */
  Jsonata get(String text, Function<String, Jsonata> parser) {
    if (COPY == null) {
      return parser.apply(text);
    }
    synchronized (entries) {
      Jsonata cached = entries.get(text);
      if (cached != null) {
        return cached;
      }
    }
    Jsonata shared = isolate(parser.apply(text));
    synchronized (entries) {
      Jsonata raced = entries.putIfAbsent(text, shared);
      if (raced != null) {
        return raced;
      }
      chars += text.length();
      Iterator<String> eldest = entries.keySet().iterator();
      while ((entries.size() > maxEntries || chars > maxChars) && eldest.hasNext()) {
        chars -= eldest.next().length();
        eldest.remove();
      }
      return shared;
    }
  }

  int size() {
    synchronized (entries) {
      return entries.size();
    }
  }

  private static Jsonata isolate(Jsonata parsed) {
    try {
      return COPY.newInstance(parsed);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot copy a parsed expression", e);
    }
  }

  private static Constructor<Jsonata> copyConstructor() {
    try {
      Constructor<Jsonata> copy = Jsonata.class.getDeclaredConstructor(Jsonata.class);
      copy.setAccessible(true);
      return copy;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
