package io.flowd.nodes.broker;

import io.flowd.nodes.spi.NodeFailure;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the {@link SSLContext} of a broker connection from PEM text: the CA certificates to trust
 * and, for mutual TLS, the client's certificate chain and its unencrypted PKCS#8 private key. Its
 * errors name the field at fault and never quote the PEM text.
 */
public final class PemTls {
  private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String KEY_END = "-----END PRIVATE KEY-----";
  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "EdDSA");

  private PemTls() {}

  /**
   * Returns a TLS context that trusts {@code tls.ca()} (the JDK's trusted CAs when unset) and
   * presents {@code tls.cert()} with {@code tls.key()} when they are set.
   *
   * @throws NodeFailure of type {@link BrokerSettings#CONFIG_FAILURE} when the PEM text is unusable
   */
  public static SSLContext sslContext(BrokerSettings.Tls tls) {
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (tls.ca() == null) {
        trust.init((KeyStore) null);
      } else {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates(tls.ca(), "tls.ca_certificates")) {
          trusted.setCertificateEntry("ca-" + i++, certificate);
        }
        trust.init(trusted);
      }
      KeyManagerFactory keys = null;
      if (tls.cert() != null) {
        char[] password = new char[0];
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(null, null);
        own.setKeyEntry(
            "client",
            privateKey(tls.key()),
            password,
            certificates(tls.cert(), "tls.client_certificate").toArray(Certificate[]::new));
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(own, password);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(
          keys == null ? null : keys.getKeyManagers(),
          trust.getTrustManagers(),
          new SecureRandom());
      return context;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw invalid("the TLS settings could not be used (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static Collection<? extends Certificate> certificates(String pem, String field) {
    try {
      Collection<? extends Certificate> out =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)));
      if (out.isEmpty()) {
        throw invalid(field + " holds no PEM certificate");
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw invalid(field + " is not PEM X.509 certificates (BEGIN CERTIFICATE)");
    }
  }

  private static PrivateKey privateKey(String pem) {
    if (pem == null) {
      throw invalid("tls.client_key is required with tls.client_certificate");
    }
    int begin = pem.indexOf(KEY_BEGIN);
    int end = pem.indexOf(KEY_END);
    if (begin < 0 || end < begin) {
      throw invalid(
          "tls.client_key must be an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY); convert one with"
              + " openssl pkcs8 -topk8 -nocrypt");
    }
    byte[] der;
    try {
      der =
          Base64.getMimeDecoder()
              .decode(pem.substring(begin + KEY_BEGIN.length(), end).replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      throw invalid("tls.client_key is not valid base64 PEM");
    }
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw invalid("tls.client_key is not an RSA, EC or EdDSA PKCS#8 private key");
  }

  private static NodeFailure invalid(String why) {
    return new NodeFailure(BrokerSettings.CONFIG_FAILURE, why, false);
  }
}
