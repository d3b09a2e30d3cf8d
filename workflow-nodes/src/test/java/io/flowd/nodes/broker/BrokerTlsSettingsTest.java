package io.flowd.nodes.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flowd.model.Json;
import io.flowd.nodes.spi.NodeFailure;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BrokerTlsSettingsTest {
  private static final String KEY =
      "-----BEGIN PRIVATE KEY-----\nU0VDUkVUS0VZTUFURVJJQUw=\n-----END PRIVATE KEY-----\n";
  private static final String CERT =
      "-----BEGIN CERTIFICATE-----\nQ0VSVA==\n-----END CERTIFICATE-----";
  private static final String CA = "-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----";

  private static ObjectNode kafka() {
    ObjectNode config = Json.object().put("bootstrap_servers", "127.0.0.1:9093");
    config
        .putObject("tls")
        .put("ca_certificates", CA)
        .put("client_certificate", CERT)
        .put("client_key", KEY);
    return config;
  }

  @Test
  void kafkaTlsMaterialBecomesTheClientsOwnPemSettingsOverSsl() {
    Properties props = BrokerSettings.kafka(kafka()).properties();

    assertThat(props)
        .containsEntry("security.protocol", "SSL")
        .containsEntry("ssl.truststore.type", "PEM")
        .containsEntry("ssl.truststore.certificates", CA)
        .containsEntry("ssl.keystore.type", "PEM")
        .containsEntry("ssl.keystore.certificate.chain", CERT)
        .containsEntry("ssl.keystore.key", KEY);
  }

  @Test
  void kafkaTlsWithAUserIsSaslSslUnlessTheProtocolIsGiven() {
    assertThat(BrokerSettings.kafka(kafka().put("username", "u")).properties())
        .containsEntry("security.protocol", "SASL_SSL");
    assertThat(
            BrokerSettings.kafka(kafka().put("security_protocol", "SASL_PLAINTEXT")).properties())
        .containsEntry("security.protocol", "SASL_PLAINTEXT");
  }

  @Test
  void noTlsFieldsMeanNoTls() {
    assertThat(BrokerSettings.nats(Json.object().put("url", "nats://h:4222")).tls()).isNull();
    assertThat(BrokerSettings.kafka(Json.object().put("bootstrap_servers", "h:9092")).properties())
        .doesNotContainKey("security.protocol")
        .doesNotContainKey("ssl.keystore.key");
  }

  @Test
  void aCertificateWithoutItsKeyIsAConfigFailure() {
    ObjectNode config = Json.object().put("url", "nats://h:4222");
    config.putObject("tls").put("client_certificate", CERT);

    assertThatThrownBy(() -> BrokerSettings.nats(config))
        .isInstanceOf(NodeFailure.class)
        .hasMessageContaining("tls.client_certificate and tls.client_key go together");
  }

  @Test
  void settingsNeverPrintTheirSecrets() {
    ObjectNode config = Json.object().put("url", "nats://h:4222").put("password", "pw-secret");
    config.putObject("tls").put("client_certificate", CERT).put("client_key", KEY);
    BrokerSettings.Nats nats = BrokerSettings.nats(config);

    assertThat(nats.toString() + nats.tls() + BrokerSettings.kafka(kafka()))
        .doesNotContain("pw-secret")
        .doesNotContain("PRIVATE KEY")
        .doesNotContain("U0VDUkVU");
  }

  @Test
  void anUnusableKeyFailsNamingTheFieldWithoutQuotingIt() {
    BrokerSettings.Tls tls = new BrokerSettings.Tls(null, CERT, KEY);

    assertThatThrownBy(() -> PemTls.sslContext(tls))
        .isInstanceOf(NodeFailure.class)
        .hasMessageContaining("tls.client_key")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("U0VDUkVU"));
    assertThatThrownBy(
            () ->
                PemTls.sslContext(
                    new BrokerSettings.Tls(null, CERT, "-----BEGIN RSA PRIVATE KEY-----\nx\n")))
        .hasMessageContaining("PKCS#8");
  }

  @Test
  void anUnusableCaFailsNamingTheField() {
    assertThatThrownBy(() -> PemTls.sslContext(new BrokerSettings.Tls("not a pem", null, null)))
        .isInstanceOf(NodeFailure.class)
        .hasMessageContaining("tls.ca_certificates");
  }
}
