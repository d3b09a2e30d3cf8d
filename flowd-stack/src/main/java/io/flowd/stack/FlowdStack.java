package io.flowd.stack;

import io.flowd.store.Database;
import io.flowd.store.DatabaseBootstrap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole flowd, assembled in one order: its database (a fresh one is created and later dropped),
 * the environment every part reads, then its parts (a Temporal server, metrics, the worker, the
 * API, in this JVM or as processes) in the order they were added. Closing stops the parts in the
 * reverse order, then the database. The local start, the test harness, the bench and the fault
 * harness all build their stack here; only the parts differ.
 */
public final class FlowdStack implements AutoCloseable {
  /** Starts one part of the stack; what it returns is closed when the stack closes. */
  @FunctionalInterface
  public interface Part<T extends AutoCloseable> {
    T start(FlowdStack stack) throws Exception;
  }

  private final Map<String, String> env;
  private final String databaseUrl;
  private final boolean dropDatabase;
  private final int temporalPort;
  private final Map<String, AutoCloseable> started = new LinkedHashMap<>();
  private Database database;

  private FlowdStack(Builder builder, String databaseUrl) {
    this.databaseUrl = databaseUrl;
    this.dropDatabase = builder.freshPrefix != null;
    this.temporalPort = builder.temporalPort;
    this.env = Collections.unmodifiableMap(builder.environment(databaseUrl));
  }

  /** Returns a builder of a stack. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the environment every part of the stack reads (a process's, or a config's). */
  public Map<String, String> env() {
    return env;
  }

  /** Returns the database URL of the stack. */
  public String databaseUrl() {
    return databaseUrl;
  }

  /** Returns the stack's connection pool, or {@code null} when it connects none. */
  public Database database() {
    return database;
  }

  /** Returns the port of the stack's Temporal server, or {@code 0} when it names an address. */
  public int temporalPort() {
    return temporalPort;
  }

  /** Returns the address of the stack's Temporal server. */
  public String temporalAddress() {
    return env.get("TEMPORAL_ADDRESS");
  }

  /** Returns the started part named {@code name}. */
  public <T extends AutoCloseable> T part(String name, Class<T> type) {
    return type.cast(started.get(name));
  }

  /** Stops the part named {@code name} now, if it runs; the stack no longer closes it. */
  public void stop(String name) {
    AutoCloseable part = started.remove(name);
    if (part != null) {
      closeQuietly(part);
    }
  }

  /** Starts a part now, after the others, under {@code name} (replacing a stopped one). */
  public <T extends AutoCloseable> T start(String name, Part<T> part) throws Exception {
    stop(name);
    T value = part.start(this);
    started.put(name, value);
    return value;
  }

  /** Stops the parts in the reverse order they started, then the database, then drops it. */
  @Override
  public void close() {
    List<AutoCloseable> parts = new ArrayList<>(started.values());
    started.clear();
    Collections.reverse(parts);
    parts.forEach(FlowdStack::closeQuietly);
    if (database != null) {
      database.close();
    }
    if (dropDatabase) {
      DatabaseBootstrap.drop(databaseUrl);
    }
  }

  private static void closeQuietly(AutoCloseable part) {
    try {
      part.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // A part that fails to stop must not keep the others running.
      System.err.println("flowd stack: a part failed to stop: " + e);
    }
  }

  /** Returns a port that was free a moment ago. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns {@code bytes} random bytes in unpadded URL-safe base64: a generated secret. */
  public static String randomSecret(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  /** Builds a {@link FlowdStack}: its database, its settings, and its parts in start order. */
  public static final class Builder {
    private String databaseUrl;
    private String freshPrefix;
    private int poolSize;
    private int temporalPort;
    private String temporalAddress;
    private final Map<String, String> env = new HashMap<>();
    private final Map<String, Part<?>> parts = new LinkedHashMap<>();

    private Builder() {}

    /** Uses the database at {@code url} as it is. */
    public Builder database(String url) {
      this.databaseUrl = url;
      this.freshPrefix = null;
      return this;
    }

    /** Creates a fresh database beside {@code baseUrl}, dropped when the stack closes. */
    public Builder freshDatabase(String baseUrl, String prefix) {
      this.databaseUrl = baseUrl;
      this.freshPrefix = prefix;
      return this;
    }

    /** Connects a pool of {@code size} to the database in this JVM, before any part starts. */
    public Builder connect(int size) {
      this.poolSize = size;
      return this;
    }

    /** The stack's Temporal server listens on 127.0.0.1:{@code port}. */
    public Builder temporalPort(int port) {
      this.temporalPort = port;
      this.temporalAddress = null;
      return this;
    }

    /** The stack's Temporal server is at {@code address} (started by no part of it). */
    public Builder temporalAddress(String address) {
      this.temporalAddress = address;
      this.temporalPort = 0;
      return this;
    }

    /** Sets a setting over the stack's defaults. */
    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    /** Sets these settings over the stack's defaults. */
    public Builder env(Map<String, String> values) {
      env.putAll(values);
      return this;
    }

    /** Adds a part; parts start in the order they were added. */
    public <T extends AutoCloseable> Builder part(String name, Part<T> part) {
      parts.put(name, part);
      return this;
    }

    /**
     * Returns the environment of the stack: the database and Temporal address, outbound calls to
     * private networks allowed (every stack runs on one machine), the settings given over these,
     * and a generated JWT secret and vault key where none is given.
     */
    Map<String, String> environment(String url) {
      Map<String, String> all = new HashMap<>();
      all.put("DATABASE_URL", url);
      if (temporalAddress != null) {
        all.put("TEMPORAL_ADDRESS", temporalAddress);
      } else if (temporalPort > 0) {
        all.put("TEMPORAL_ADDRESS", "127.0.0.1:" + temporalPort);
      }
      all.put("FLOWD_HTTP_ALLOW_PRIVATE_NETWORKS", "true");
      if (poolSize > 0) {
        all.put("FLOWD_DB_POOL_SIZE", Integer.toString(poolSize));
      }
      all.putAll(env);
      if (!all.containsKey("FLOWD_JWT_SECRET") && !all.containsKey("FLOWD_JWT_PUBLIC_KEY")) {
        all.put("FLOWD_JWT_SECRET", randomSecret(48));
      }
      if (!all.containsKey("FLOWD_VAULT_KEY")) {
        all.put("FLOWD_VAULT_KEY", Base64.getEncoder().encodeToString(randomBytes(32)));
      }
      return all;
    }

    /**
     * Creates the database, connects to it, and starts the parts in order; a part that fails to
     * start stops the ones before it.
     */
    public FlowdStack start() throws Exception {
      if (databaseUrl == null) {
        throw new IllegalStateException("a stack needs a database");
      }
      String url =
          freshPrefix == null
              ? databaseUrl
              : DatabaseBootstrap.freshDatabase(databaseUrl, freshPrefix);
      FlowdStack stack = new FlowdStack(this, url);
      try {
        if (poolSize > 0) {
          stack.database = Database.connect(url, poolSize);
        }
        for (Map.Entry<String, Part<?>> part : parts.entrySet()) {
          stack.start(part.getKey(), part.getValue());
        }
      } catch (Exception | Error e) {
        stack.close();
        throw e;
      }
      return stack;
    }

    private static byte[] randomBytes(int count) {
      byte[] random = new byte[count];
      new SecureRandom().nextBytes(random);
      return random;
    }
  }
}
