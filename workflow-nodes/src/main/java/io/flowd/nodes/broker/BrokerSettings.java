package io.flowd.nodes.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.nodes.spi.NodeFailure;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The connection settings of a broker node, read from its rendered config (vault values resolved).
 * They are also the key of the connection caches, so two nodes with the same settings share one
 * connection. Never log them: they hold passwords.
 */
public sealed interface BrokerSettings {

  /** The {@link NodeFailure#type()} of a node whose connection settings are unusable. */
  String CONFIG_FAILURE = "invalid_config";

  /**
   * A RabbitMQ connection.
   *
   * @param url an {@code amqp://} or {@code amqps://} URL (user, password and vhost may be in it)
   * @param username overrides the URL's user when set
   * @param password overrides the URL's password when set
   * @param tls the PEM material of a TLS connection, or {@code null}
   */
  record Rabbit(String url, String username, String password, Tls tls) implements BrokerSettings {
    @Override
    public String toString() {
      return "Rabbit[settings hidden]";
    }
  }

  /**
   * A NATS connection.
   *
   * @param url one or more {@code nats://} URLs, comma separated
   * @param username the user, or {@code null}
   * @param password the password, or {@code null}
   * @param token an auth token, or {@code null}
   * @param tls the PEM material of a TLS connection, or {@code null}
   */
  record Nats(String url, String username, String password, String token, Tls tls)
      implements BrokerSettings {
    @Override
    public String toString() {
      return "Nats[settings hidden]";
    }
  }

  /**
   * The PEM material of a TLS connection, from the node's {@code tls} object (vault references).
   *
   * @param ca the CA certificates to trust, or {@code null} for the JDK's trusted CAs
   * @param cert the client's certificate chain for mutual TLS, or {@code null}
   * @param key the client's unencrypted PKCS#8 private key, or {@code null}
   */
  record Tls(String ca, String cert, String key) {
    @Override
    public String toString() {
      return "Tls[hidden]";
    }
  }

  /**
   * A Kafka connection.
   *
   * @param bootstrapServers {@code host:port} pairs, comma separated
   * @param securityProtocol {@code PLAINTEXT}, {@code SSL}, {@code SASL_PLAINTEXT} or {@code
   *     SASL_SSL}, or {@code null}
   * @param saslMechanism such as {@code PLAIN} or {@code SCRAM-SHA-512}, or {@code null}
   * @param username the SASL user, or {@code null}
   * @param password the SASL password, or {@code null}
   * @param clientProperties further client properties, as given
   * @param tls the PEM material of a TLS connection, or {@code null}
   */
  record Kafka(
      String bootstrapServers,
      String securityProtocol,
      String saslMechanism,
      String username,
      String password,
      Map<String, String> clientProperties,
      Tls tls)
      implements BrokerSettings {

    @Override
    public String toString() {
      return "Kafka[settings hidden]";
    }

    /** Returns the client properties these settings stand for. */
    public Properties properties() {
      Properties props = new Properties();
      props.putAll(clientProperties);
      props.put("bootstrap.servers", bootstrapServers);
      if (securityProtocol != null) {
        props.put("security.protocol", securityProtocol);
      } else if (tls != null) {
        props.put("security.protocol", username != null ? "SASL_SSL" : "SSL");
      }
      if (tls != null) {
        if (tls.ca() != null) {
          props.put("ssl.truststore.type", "PEM");
          props.put("ssl.truststore.certificates", tls.ca());
        }
        if (tls.cert() != null || tls.key() != null) {
          props.put("ssl.keystore.type", "PEM");
          props.put("ssl.keystore.certificate.chain", tls.cert() == null ? "" : tls.cert());
          props.put("ssl.keystore.key", tls.key() == null ? "" : tls.key());
        }
      }
      if (saslMechanism != null) {
        props.put("sasl.mechanism", saslMechanism);
      }
      if (username != null) {
        String module =
            saslMechanism != null && saslMechanism.startsWith("SCRAM")
                ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                : "org.apache.kafka.common.security.plain.PlainLoginModule";
        props.put(
            "sasl.jaas.config",
            module
                + " required username=\""
                + escape(username)
                + "\" password=\""
                + escape(password == null ? "" : password)
                + "\";");
      }
      return props;
    }

    private static String escape(String value) {
      return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
  }

  /** Reads the RabbitMQ settings of a rendered config. */
  static Rabbit rabbit(ObjectNode config) {
    return new Rabbit(
        required(config, "url"),
        optional(config, "username"),
        optional(config, "password"),
        tls(config));
  }

  /** Reads the NATS settings of a rendered config. */
  static Nats nats(ObjectNode config) {
    return new Nats(
        required(config, "url"),
        optional(config, "username"),
        optional(config, "password"),
        optional(config, "token"),
        tls(config));
  }

  /** Reads the Kafka settings of a rendered config. */
  static Kafka kafka(ObjectNode config) {
    Map<String, String> extra = new LinkedHashMap<>();
    JsonNode props = config.get("client_properties");
    if (props != null && props.isObject()) {
      props.fields().forEachRemaining(e -> extra.put(e.getKey(), e.getValue().asText()));
    }
    return new Kafka(
        required(config, "bootstrap_servers"),
        optional(config, "security_protocol"),
        optional(config, "sasl_mechanism"),
        optional(config, "username"),
        optional(config, "password"),
        Map.copyOf(extra),
        tls(config));
  }

  /**
   * Reads the TLS material of a rendered config, its {@code tls} object ({@code ca_certificates},
   * {@code client_certificate}, {@code client_key}, as the webhook node takes them), or returns
   * {@code null} when it has none.
   */
  static Tls tls(ObjectNode config) {
    JsonNode tls = config.get("tls");
    if (tls == null || tls.isNull()) {
      return null;
    }
    if (!tls.isObject()) {
      throw new NodeFailure(CONFIG_FAILURE, "tls must be an object", false);
    }
    String ca = optional((ObjectNode) tls, "ca_certificates");
    String cert = optional((ObjectNode) tls, "client_certificate");
    String key = optional((ObjectNode) tls, "client_key");
    if (ca == null && cert == null && key == null) {
      return null;
    }
    if ((cert == null) != (key == null)) {
      throw new NodeFailure(
          CONFIG_FAILURE, "tls.client_certificate and tls.client_key go together", false);
    }
    return new Tls(ca, cert, key);
  }

  /** Returns the text of a field that must be set, or fails the node (not retryable). */
  static String required(ObjectNode config, String field) {
    String value = optional(config, field);
    if (value == null) {
      throw new NodeFailure(CONFIG_FAILURE, field + " is required", false);
    }
    return value;
  }

  /** Returns the text of a field, or {@code null} when it is missing, null or blank. */
  static String optional(ObjectNode config, String field) {
    JsonNode value = config.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    String text = value.isTextual() ? value.textValue() : value.toString();
    return text.isBlank() ? null : text;
  }
}
