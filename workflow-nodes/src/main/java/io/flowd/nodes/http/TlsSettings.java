package io.flowd.nodes.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.flowd.nodes.spi.NodeFailure;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A webhook node's {@code tls} settings: {@code ca_certificates} (PEM certificates trusted beside
 * the platform's), {@code client_certificate} (a PEM certificate, then any intermediates) and
 * {@code client_key} (its PEM PKCS#8 private key) for mutual TLS. Usually vault references; error
 * messages never quote them.
 *
 * @param key a digest of the settings, naming them in the client cache without holding them
 */
record TlsSettings(String key, HandshakeCertificates certificates) {
  private static final Pattern CERTIFICATE =
      Pattern.compile("-----BEGIN CERTIFICATE-----[\\s\\S]*?-----END CERTIFICATE-----");

  /** Reads the settings; empty when the node has none. */
  static Optional<TlsSettings> parse(JsonNode tls) {
    if (tls == null || tls.isNull() || tls.isMissingNode()) {
      return Optional.empty();
    }
    if (!tls.isObject()) {
      throw invalid("tls must be an object");
    }
    String cas = text(tls, "ca_certificates");
    String clientCertificate = text(tls, "client_certificate");
    String clientKey = text(tls, "client_key");
    if (cas == null && clientCertificate == null && clientKey == null) {
      return Optional.empty();
    }
    if ((clientCertificate == null) != (clientKey == null)) {
      throw invalid("tls.client_certificate and tls.client_key go together");
    }
    HandshakeCertificates.Builder builder =
        new HandshakeCertificates.Builder().addPlatformTrustedCertificates();
    if (cas != null) {
      List<X509Certificate> trusted = certificates(cas, "tls.ca_certificates");
      trusted.forEach(builder::addTrustedCertificate);
    }
    if (clientCertificate != null) {
      List<X509Certificate> chain = certificates(clientCertificate, "tls.client_certificate");
      HeldCertificate held;
      try {
        held = HeldCertificate.decode(pem(chain.get(0)) + "\n" + clientKey);
      } catch (RuntimeException e) {
        throw invalid(
            "tls.client_key is not a PEM private key (PKCS#8, -----BEGIN PRIVATE KEY-----)"
                + " matching tls.client_certificate");
      }
      builder.heldCertificate(held, chain.subList(1, chain.size()).toArray(new X509Certificate[0]));
    }
    String digest = digest(cas + "\u0000" + clientCertificate + "\u0000" + clientKey);
    return Optional.of(new TlsSettings(digest, builder.build()));
  }

  private static List<X509Certificate> certificates(String pem, String field) {
    List<X509Certificate> certificates = new ArrayList<>();
    Matcher matcher = CERTIFICATE.matcher(pem);
    while (matcher.find()) {
      try {
        certificates.add(Certificates.decodeCertificatePem(matcher.group()));
      } catch (RuntimeException e) {
        throw invalid(field + " holds a certificate that cannot be read");
      }
    }
    if (certificates.isEmpty()) {
      throw invalid(field + " must hold PEM certificates (-----BEGIN CERTIFICATE-----)");
    }
    return certificates;
  }

  private static String pem(X509Certificate certificate) {
    return Certificates.certificatePem(certificate);
  }

  private static String text(JsonNode tls, String field) {
    JsonNode value = tls.get(field);
    if (value == null || value.isNull() || (value.isTextual() && value.textValue().isBlank())) {
      return null;
    }
    if (!value.isTextual()) {
      throw invalid("tls." + field + " must be a string");
    }
    return value.textValue();
  }

  private static String digest(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static NodeFailure invalid(String message) {
    return new NodeFailure("invalid_config", message, false);
  }
}
