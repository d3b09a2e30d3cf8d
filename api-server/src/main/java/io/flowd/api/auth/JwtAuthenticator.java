package io.flowd.api.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.Verification;
import io.flowd.model.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * Verifies the {@code Authorization: Bearer <JWT>} header of a request and names its caller.
 *
 * <p>The accepted algorithm is pinned by the configuration: HS256 with a secret, RS256 with an RSA
 * public key, ES256 with a P-256 EC public key. A token is accepted only when its header names that
 * algorithm, its signature verifies, it carries {@code exp} (in the future) and {@code sub}, and
 * its {@code iss} and {@code aud} match when they are configured. Instances are immutable and safe
 * to share between threads.
 */
public final class JwtAuthenticator {
  private static final String BEARER = "bearer ";

  private final Algorithm algorithm;
  private final JWTVerifier verifier;

  /**
   * Creates an authenticator for these settings.
   *
   * @throws IllegalStateException when the public key cannot be read or is of an unsupported kind
   */
  public JwtAuthenticator(JwtSettings settings) {
    Objects.requireNonNull(settings, "settings");
    this.algorithm =
        settings.usesHmac()
            ? Algorithm.HMAC256(settings.hmacSecret())
            : publicKeyAlgorithm(settings.publicKeyPem());
    Verification verification = JWT.require(algorithm);
    if (settings.issuer() != null) {
      verification = verification.withIssuer(settings.issuer());
    }
    if (settings.audience() != null) {
      verification = verification.withAudience(settings.audience());
    }
    this.verifier = verification.build();
  }

  /** Returns the one JWS algorithm this authenticator accepts: HS256, RS256 or ES256. */
  public String algorithmName() {
    return algorithm.getName();
  }

  /**
   * Verifies the value of an {@code Authorization} header.
   *
   * @param authorizationHeader the header's value, or {@code null} when the request has none
   * @return the caller the token names
   * @throws AuthenticationException when the header is missing or malformed, or the token is not
   *     accepted
   */
  public Principal authenticate(String authorizationHeader) {
    if (authorizationHeader == null || authorizationHeader.isBlank()) {
      throw new AuthenticationException("missing Authorization header");
    }
    String header = authorizationHeader.strip();
    if (header.length() <= BEARER.length()
        || !header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
      throw new AuthenticationException("Authorization header must be 'Bearer <token>'");
    }
    String token = header.substring(BEARER.length()).strip();
    if (token.isEmpty() || token.chars().anyMatch(Character::isWhitespace)) {
      throw new AuthenticationException("Authorization header must be 'Bearer <token>'");
    }

    DecodedJWT decoded;
    try {
      decoded = JWT.decode(token);
    } catch (JWTDecodeException e) {
      throw new AuthenticationException("malformed token");
    }
    strictJsonParts(decoded);
    String alg = decoded.getAlgorithm();
    if (!algorithm.getName().equals(alg)) {
      throw new AuthenticationException(
          "token algorithm "
              + (alg == null ? "(none given)" : "'" + alg + "'")
              + " is not accepted");
    }

    DecodedJWT jwt;
    try {
      jwt = verifier.verify(decoded);
    } catch (AlgorithmMismatchException e) {
      throw new AuthenticationException("token algorithm is not accepted");
    } catch (SignatureVerificationException e) {
      throw new AuthenticationException("token signature is invalid");
    } catch (TokenExpiredException e) {
      throw new AuthenticationException("token has expired");
    } catch (MissingClaimException e) {
      throw new AuthenticationException("token lacks the '" + e.getClaimName() + "' claim");
    } catch (IncorrectClaimException e) {
      throw new AuthenticationException("token claim '" + e.getClaimName() + "' is not accepted");
    } catch (JWTVerificationException e) {
      throw new AuthenticationException("token is not valid");
    }

    if (!decoded.getHeaderClaim("crit").isMissing()) {
      // No header extension is understood here, so every critical one is unknown (RFC 7515 4.1.11).
      throw new AuthenticationException(
          "token header 'crit' names extensions this server does not understand");
    }
    if (jwt.getExpiresAt() == null) {
      throw new AuthenticationException("token lacks the 'exp' claim");
    }
    String subject = jwt.getSubject();
    if (subject == null || subject.isBlank()) {
      throw new AuthenticationException("token lacks the 'sub' claim");
    }
    Claim teamClaim = jwt.getClaim("team_id");
    String team = stringClaim(teamClaim);
    if (team == null && !teamClaim.isMissing() && !teamClaim.isNull()) {
      throw new AuthenticationException("token claim 'team_id' must be a non-empty string");
    }
    String email = stringClaim(jwt.getClaim("email"));
    for (String value : new String[] {subject, team, email}) {
      if (value != null && hasControlCharacter(value)) {
        throw new AuthenticationException("token claims must not contain control characters");
      }
    }
    return new Principal(team != null ? team : subject, subject, email);
  }

  /**
   * Issues an HS256 token, as the local start prints for its user and as tests use.
   *
   * @param hmacSecret the secret to sign with
   * @param subject the {@code sub} claim
   * @param teamId the {@code team_id} claim, or {@code null} to leave it out
   * @param email the {@code email} claim, or {@code null} to leave it out
   * @param ttl how long the token is valid from now (negative issues an expired token)
   * @return the signed token
   */
  public static String issueToken(
      String hmacSecret, String subject, String teamId, String email, Duration ttl) {
    Instant now = Instant.now();
    JWTCreator.Builder builder =
        JWT.create().withSubject(subject).withIssuedAt(now).withExpiresAt(now.plus(ttl));
    if (teamId != null) {
      builder.withClaim("team_id", teamId);
    }
    if (email != null) {
      builder.withClaim("email", email);
    }
    return builder.sign(Algorithm.HMAC256(hmacSecret));
  }

  /**
   * Refuses a header or payload that is not strict JSON: a duplicate key (which parsers resolve
   * differently), a number out of range or a lone surrogate.
   */
  private static void strictJsonParts(DecodedJWT decoded) {
    for (String part : new String[] {decoded.getHeader(), decoded.getPayload()}) {
      try {
        Json.strict(
            Json.parse(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8)));
      } catch (IllegalArgumentException e) {
        throw new AuthenticationException("malformed token: " + e.getMessage());
      }
    }
  }

  private static boolean hasControlCharacter(String value) {
    return value.chars().anyMatch(Character::isISOControl);
  }

  private static String stringClaim(Claim claim) {
    if (claim == null || claim.isMissing() || claim.isNull()) {
      return null;
    }
    String value = claim.asString();
    return value == null || value.isBlank() ? null : value;
  }

  private static Algorithm publicKeyAlgorithm(String pem) {
    PublicKey key = readPublicKey(pem);
    if (key instanceof RSAPublicKey rsa) {
      if (rsa.getModulus().bitLength() < 2048) {
        throw new IllegalStateException(
            JwtSettings.PUBLIC_KEY_ENV + " holds an RSA key shorter than 2048 bits");
      }
      return Algorithm.RSA256(rsa, null);
    }
    if (key instanceof ECPublicKey ec) {
      if (ec.getParams().getCurve().getField().getFieldSize() != 256) {
        throw new IllegalStateException(
            JwtSettings.PUBLIC_KEY_ENV
                + " holds an EC key that is not on P-256; ES256 needs P-256");
      }
      return Algorithm.ECDSA256(ec, null);
    }
    throw new IllegalStateException(JwtSettings.PUBLIC_KEY_ENV + " holds an unsupported key type");
  }

  private static PublicKey readPublicKey(String pem) {
    String text = pem.replace("\\n", "\n").strip();
    if (!text.startsWith("-----BEGIN PUBLIC KEY-----")
        || !text.endsWith("-----END PUBLIC KEY-----")) {
      throw new IllegalStateException(
          JwtSettings.PUBLIC_KEY_ENV
              + " must be a PEM public key between '-----BEGIN PUBLIC KEY-----' and"
              + " '-----END PUBLIC KEY-----'");
    }
    String body =
        text.replace("-----BEGIN PUBLIC KEY-----", "")
            .replace("-----END PUBLIC KEY-----", "")
            .replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(JwtSettings.PUBLIC_KEY_ENV + " is not valid base64 PEM", e);
    }
    X509EncodedKeySpec spec = new X509EncodedKeySpec(der);
    for (String kind : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(kind).generatePublic(spec);
      } catch (GeneralSecurityException e) {
        // Try the next key kind.
      }
    }
    throw new IllegalStateException(
        JwtSettings.PUBLIC_KEY_ENV + " is neither an RSA nor an EC public key");
  }
}
