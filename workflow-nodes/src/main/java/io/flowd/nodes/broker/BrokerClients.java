package io.flowd.nodes.broker;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker connections of the publish nodes, one per distinct connection settings, opened on
 * first use and kept for the life of the process: a RabbitMQ connection with a pool of channels in
 * confirm mode, a NATS connection, and an idempotent Kafka producer. A connection that broke is
 * dropped and opened again by the next publish. Also opens the connections of the API's trigger
 * consumers, with the same client settings.
 */
public final class BrokerClients implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerClients.class);

  /** How many distinct connections are kept; past it the oldest is closed. */
  static final int MAX_CONNECTIONS = 32;

  private final Map<BrokerSettings.Rabbit, RabbitPool> rabbits = new ConcurrentHashMap<>();
  private final Map<BrokerSettings.Nats, io.nats.client.Connection> nats =
      new ConcurrentHashMap<>();
  private final Map<BrokerSettings.Kafka, KafkaProducer<byte[], byte[]>> producers =
      new ConcurrentHashMap<>();

  /** A RabbitMQ connection and its idle confirm channels. */
  static final class RabbitPool {
    final Connection connection;
    final BlockingQueue<Channel> idle = new LinkedBlockingQueue<>();

    RabbitPool(Connection connection) {
      this.connection = connection;
    }

    Channel take() throws IOException {
      Channel channel = idle.poll();
      while (channel != null && !channel.isOpen()) {
        channel = idle.poll();
      }
      if (channel == null) {
        channel = connection.createChannel();
        channel.confirmSelect();
      }
      return channel;
    }

    void giveBack(Channel channel) {
      if (channel.isOpen() && idle.size() < 16) {
        idle.add(channel);
      } else {
        closeQuietly(channel);
      }
    }
  }

  /** Returns the pooled connection for {@code settings}, opening it when needed. */
  RabbitPool rabbit(BrokerSettings.Rabbit settings) throws IOException, TimeoutException {
    RabbitPool pool = rabbits.get(settings);
    if (pool != null && pool.connection.isOpen()) {
      return pool;
    }
    synchronized (rabbits) {
      pool = rabbits.get(settings);
      if (pool == null || !pool.connection.isOpen()) {
        evictIfFull(rabbits);
        pool = new RabbitPool(openRabbit(settings, "flowd-publish"));
        rabbits.put(settings, pool);
      }
      return pool;
    }
  }

  /** Returns the NATS connection for {@code settings}, opening it when needed. */
  io.nats.client.Connection nats(BrokerSettings.Nats settings)
      throws IOException, InterruptedException {
    io.nats.client.Connection connection = nats.get(settings);
    if (connection != null && connection.getStatus() != io.nats.client.Connection.Status.CLOSED) {
      return connection;
    }
    synchronized (nats) {
      connection = nats.get(settings);
      if (connection == null || connection.getStatus() == io.nats.client.Connection.Status.CLOSED) {
        evictIfFull(nats);
        connection = Nats.connect(natsOptions(settings, "flowd-publish").build());
        nats.put(settings, connection);
      }
      return connection;
    }
  }

  /** Returns the idempotent producer ({@code acks=all}) for {@code settings}. */
  KafkaProducer<byte[], byte[]> kafka(BrokerSettings.Kafka settings) {
    return producers.computeIfAbsent(
        settings,
        s -> {
          evictIfFull(producers);
          var props = s.properties();
          props.put(ProducerConfig.ACKS_CONFIG, "all");
          props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
          props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
          props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
          props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
          props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
          props.put(ProducerConfig.CLIENT_ID_CONFIG, "flowd-publish");
          return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        });
  }

  /** Drops a RabbitMQ connection that failed, so the next publish opens a fresh one. */
  void dropRabbit(BrokerSettings.Rabbit settings) {
    RabbitPool pool = rabbits.remove(settings);
    if (pool != null) {
      closeQuietly(pool.connection);
    }
  }

  /**
   * Opens a RabbitMQ connection with automatic recovery off (callers reconnect themselves); with
   * TLS material it speaks TLS with it and checks the broker's host name.
   */
  public static Connection openRabbit(BrokerSettings.Rabbit settings, String name)
      throws IOException, TimeoutException {
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(settings.url());
    } catch (java.net.URISyntaxException
        | java.security.NoSuchAlgorithmException
        | java.security.KeyManagementException e) {
      throw new IllegalArgumentException("the RabbitMQ url is not a valid amqp URL", e);
    }
    if (settings.username() != null) {
      factory.setUsername(settings.username());
    }
    if (settings.password() != null) {
      factory.setPassword(settings.password());
    }
    if (settings.tls() != null) {
      factory.useSslProtocol(PemTls.sslContext(settings.tls()));
      factory.enableHostnameVerification();
    } else if (factory.isSSL()) {
      // amqps:// alone: the JDK's trusted CAs, not the client's trust-everything default
      factory.useSslProtocol(PemTls.sslContext(new BrokerSettings.Tls(null, null, null)));
      factory.enableHostnameVerification();
    }
    factory.setAutomaticRecoveryEnabled(false);
    factory.setConnectionTimeout(5_000);
    factory.setRequestedHeartbeat(10);
    factory.setThreadFactory(daemonThreads("flowd-amqp"));
    return factory.newConnection(name);
  }

  /**
   * Returns the options of a NATS connection that reconnects forever with back-off; with TLS
   * material it requires TLS with it.
   */
  public static Options.Builder natsOptions(BrokerSettings.Nats settings, String name) {
    Options.Builder options =
        new Options.Builder()
            .servers(settings.url().split("\\s*,\\s*"))
            .connectionName(name)
            .connectionTimeout(Duration.ofSeconds(5))
            .maxReconnects(-1)
            .reconnectWait(Duration.ofMillis(500))
            .errorListener(new io.nats.client.ErrorListener() {})
            .connectionListener((conn, event) -> LOG.debug("nats {}: {}", name, event));
    if (settings.tls() != null) {
      options.sslContext(PemTls.sslContext(settings.tls()));
    }
    if (settings.token() != null) {
      options.token(settings.token().toCharArray());
    }
    if (settings.username() != null) {
      options.userInfo(settings.username(), settings.password() == null ? "" : settings.password());
    }
    return options;
  }

  /** Returns a thread factory of daemon threads, so a broker client never keeps the JVM alive. */
  public static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static <K, V> void evictIfFull(Map<K, V> cache) {
    if (cache.size() >= MAX_CONNECTIONS) {
      K first = cache.keySet().iterator().next();
      V removed = cache.remove(first);
      closeQuietly(removed);
    }
  }

  static void closeQuietly(Object resource) {
    try {
      if (resource instanceof RabbitPool pool) {
        pool.connection.close();
      } else if (resource instanceof Connection c) {
        c.close();
      } else if (resource instanceof Channel c) {
        c.close();
      } else if (resource instanceof io.nats.client.Connection c) {
        c.close();
      } else if (resource instanceof KafkaProducer<?, ?> p) {
        p.close(Duration.ofSeconds(2));
      }
    } catch (Exception e) {
      LOG.debug("closing a broker client: {}", e.toString());
    }
  }

  @Override
  public void close() {
    rabbits.values().forEach(BrokerClients::closeQuietly);
    nats.values().forEach(BrokerClients::closeQuietly);
    producers.values().forEach(BrokerClients::closeQuietly);
    rabbits.clear();
    nats.clear();
    producers.clear();
  }
}
