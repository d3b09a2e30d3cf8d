package io.flowd.api.auth;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * How bearer tokens are verified. Exactly one of {@code hmacSecret} (HS256) and {@code
 * publicKeyPem} (RS256 or ES256, chosen by the key) is set; {@code issuer} and {@code audience} are
 * checked only when set. Blank values count as unset.
 *
 * @param hmacSecret the shared HS256 secret, at least 32 bytes, or {@code null}
 * @param publicKeyPem an RSA (2048 bits or more) or P-256 EC public key in PEM ({@code BEGIN PUBLIC
 *     KEY}), or {@code null}
 * @param issuer the required {@code iss} claim, or {@code null}
 * @param audience the required {@code aud} claim, or {@code null}
 */
public record JwtSettings(String hmacSecret, String publicKeyPem, String issuer, String audience) {
  /** Environment variable holding the HS256 secret. */
  public static final String SECRET_ENV = "FLOWD_JWT_SECRET";

  /** Environment variable holding the PEM public key for RS256 or ES256. */
  public static final String PUBLIC_KEY_ENV = "FLOWD_JWT_PUBLIC_KEY";

  /** Environment variable holding the required issuer. */
  public static final String ISSUER_ENV = "FLOWD_JWT_ISSUER";

  /** Environment variable holding the required audience. */
  public static final String AUDIENCE_ENV = "FLOWD_JWT_AUDIENCE";

  /** The shortest HS256 secret accepted, in bytes (RFC 7518, section 3.2). */
  public static final int MIN_SECRET_BYTES = 32;

  /**
   * Normalises blank values to {@code null} and fails fast on a configuration that cannot verify
   * tokens safely.
   *
   * @throws IllegalStateException when neither or both of secret and public key are set, or the
   *     secret is shorter than {@link #MIN_SECRET_BYTES}
   */
  public JwtSettings {
    hmacSecret = blankToNull(hmacSecret);
    publicKeyPem = blankToNull(publicKeyPem);
    issuer = blankToNull(issuer);
    audience = blankToNull(audience);
    if (hmacSecret == null && publicKeyPem == null) {
      throw new IllegalStateException(
          "JWT verification is not configured: set "
              + SECRET_ENV
              + " (HS256 secret) or "
              + PUBLIC_KEY_ENV
              + " (PEM public key for RS256/ES256)");
    }
    if (hmacSecret != null && publicKeyPem != null) {
      throw new IllegalStateException(
          "both "
              + SECRET_ENV
              + " and "
              + PUBLIC_KEY_ENV
              + " are set; set only one so the accepted algorithm is unambiguous");
    }
    if (hmacSecret != null
        && hmacSecret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      throw new IllegalStateException(
          SECRET_ENV + " must be at least " + MIN_SECRET_BYTES + " bytes long for HS256");
    }
  }

  /**
   * Reads the settings from environment variables ({@code FLOWD_JWT_SECRET}, {@code
   * FLOWD_JWT_PUBLIC_KEY}, {@code FLOWD_JWT_ISSUER}, {@code FLOWD_JWT_AUDIENCE}).
   *
   * @param env the environment, such as {@link System#getenv()}
   * @return the validated settings
   * @throws IllegalStateException when the variables do not make a usable configuration
   */
  public static JwtSettings fromEnv(Map<String, String> env) {
    return new JwtSettings(
        env.get(SECRET_ENV), env.get(PUBLIC_KEY_ENV), env.get(ISSUER_ENV), env.get(AUDIENCE_ENV));
  }

  /** Returns whether tokens are verified with the HS256 secret rather than a public key. */
  public boolean usesHmac() {
    return hmacSecret != null;
  }

  @Override
  public String toString() {
    return "JwtSettings[algorithm="
        + (usesHmac() ? "HS256" : "public key")
        + ", issuer="
        + issuer
        + ", audience="
        + audience
        + "]";
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
