package io.flowd.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwtAuthenticatorTest {
  private static final String SECRET = "0123456789abcdef0123456789abcdef-test";
  private static final String OTHER_SECRET = "fedcba9876543210fedcba9876543210-other";

  private static final JwtAuthenticator HMAC =
      new JwtAuthenticator(new JwtSettings(SECRET, null, null, null));

  private static String bearer(String token) {
    return "Bearer " + token;
  }

  private static String b64url(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static long inOneHour() {
    return Instant.now().plusSeconds(3600).getEpochSecond();
  }

  private static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  private static KeyPair rsaKeyPair() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static KeyPair ecKeyPair() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  @Test
  void valid_hs256_token_names_the_caller_with_team_as_tenant() {
    String token =
        JwtAuthenticator.issueToken(
            SECRET, "user_1", "team_9", "a@example.com", Duration.ofHours(1));

    Principal principal = HMAC.authenticate(bearer(token));

    assertThat(principal).isEqualTo(new Principal("team_9", "user_1", "a@example.com"));
  }

  @Test
  void tenant_is_the_subject_when_there_is_no_team_id() {
    String token = JwtAuthenticator.issueToken(SECRET, "user_1", null, null, Duration.ofHours(1));

    Principal principal = HMAC.authenticate(bearer(token));

    assertThat(principal).isEqualTo(new Principal("user_1", "user_1", null));
  }

  @Test
  void team_id_that_is_not_a_string_is_rejected_rather_than_falling_back_to_sub() {
    String token =
        JWT.create()
            .withSubject("user_1")
            .withClaim("team_id", 42)
            .withExpiresAt(Instant.now().plusSeconds(3600))
            .sign(Algorithm.HMAC256(SECRET));

    assertThatThrownBy(() -> HMAC.authenticate(bearer(token)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("team_id");
  }

  @Test
  void bearer_scheme_is_case_insensitive() {
    String token = JwtAuthenticator.issueToken(SECRET, "user_1", null, null, Duration.ofHours(1));

    assertThat(HMAC.authenticate("bearer " + token).userId()).isEqualTo("user_1");
  }

  @Test
  void missing_header_is_rejected() {
    assertThatThrownBy(() -> HMAC.authenticate(null))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("missing");
    assertThatThrownBy(() -> HMAC.authenticate("  ")).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void non_bearer_scheme_is_rejected() {
    String token = JwtAuthenticator.issueToken(SECRET, "user_1", null, null, Duration.ofHours(1));

    assertThatThrownBy(() -> HMAC.authenticate("Basic dXNlcjpwYXNz"))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("Bearer");
    assertThatThrownBy(() -> HMAC.authenticate(token)).isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(() -> HMAC.authenticate("Bearer "))
        .isInstanceOf(AuthenticationException.class);
  }

  @Test
  void malformed_token_is_rejected() {
    assertThatThrownBy(() -> HMAC.authenticate(bearer("not.a.jwt")))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("malformed");
    assertThatThrownBy(() -> HMAC.authenticate(bearer("garbage")))
        .isInstanceOf(AuthenticationException.class);
  }

  @Test
  void forged_signature_is_rejected() {
    String forged =
        JwtAuthenticator.issueToken(OTHER_SECRET, "user_1", "team_9", null, Duration.ofHours(1));

    assertThatThrownBy(() -> HMAC.authenticate(bearer(forged)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("signature");
  }

  @Test
  void tampered_payload_is_rejected() {
    String token =
        JwtAuthenticator.issueToken(SECRET, "user_1", "team_1", null, Duration.ofHours(1));
    String[] parts = token.split("\\.");
    String tampered =
        parts[0]
            + "."
            + b64url("{\"sub\":\"user_1\",\"team_id\":\"team_2\",\"exp\":" + inOneHour() + "}")
            + "."
            + parts[2];

    assertThatThrownBy(() -> HMAC.authenticate(bearer(tampered)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("signature");
  }

  @Test
  void expired_token_is_rejected() {
    String expired =
        JwtAuthenticator.issueToken(SECRET, "user_1", null, null, Duration.ofMinutes(-5));

    assertThatThrownBy(() -> HMAC.authenticate(bearer(expired)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void alg_none_token_is_rejected() {
    String unsigned =
        b64url("{\"alg\":\"none\",\"typ\":\"JWT\"}")
            + "."
            + b64url("{\"sub\":\"user_1\",\"exp\":" + inOneHour() + "}")
            + ".";

    assertThatThrownBy(() -> HMAC.authenticate(bearer(unsigned)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("algorithm");
  }

  @Test
  void hs512_token_is_rejected_when_hs256_is_configured() {
    String token =
        JWT.create()
            .withSubject("user_1")
            .withExpiresAt(Instant.now().plusSeconds(3600))
            .sign(Algorithm.HMAC512(SECRET));

    assertThatThrownBy(() -> HMAC.authenticate(bearer(token)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("algorithm");
  }

  @Test
  void token_without_sub_is_rejected() {
    String token =
        JWT.create().withExpiresAt(Instant.now().plusSeconds(3600)).sign(Algorithm.HMAC256(SECRET));

    assertThatThrownBy(() -> HMAC.authenticate(bearer(token)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("'sub'");
  }

  @Test
  void token_without_exp_is_rejected() {
    String token = JWT.create().withSubject("user_1").sign(Algorithm.HMAC256(SECRET));

    assertThatThrownBy(() -> HMAC.authenticate(bearer(token)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("'exp'");
  }

  @Test
  void wrong_audience_is_rejected_when_audience_is_configured() {
    JwtAuthenticator auth = new JwtAuthenticator(new JwtSettings(SECRET, null, null, "flowd"));
    String wrong =
        JWT.create()
            .withSubject("user_1")
            .withAudience("someone-else")
            .withExpiresAt(Instant.now().plusSeconds(3600))
            .sign(Algorithm.HMAC256(SECRET));
    String right =
        JWT.create()
            .withSubject("user_1")
            .withAudience("flowd")
            .withExpiresAt(Instant.now().plusSeconds(3600))
            .sign(Algorithm.HMAC256(SECRET));

    assertThatThrownBy(() -> auth.authenticate(bearer(wrong)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("aud");
    assertThat(auth.authenticate(bearer(right)).userId()).isEqualTo("user_1");
  }

  @Test
  void missing_audience_is_rejected_when_audience_is_configured() {
    JwtAuthenticator auth = new JwtAuthenticator(new JwtSettings(SECRET, null, null, "flowd"));
    String token = JwtAuthenticator.issueToken(SECRET, "user_1", null, null, Duration.ofHours(1));

    assertThatThrownBy(() -> auth.authenticate(bearer(token)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("aud");
  }

  @Test
  void wrong_issuer_is_rejected_when_issuer_is_configured() {
    JwtAuthenticator auth =
        new JwtAuthenticator(new JwtSettings(SECRET, null, "https://idp.example", null));
    String wrong =
        JWT.create()
            .withSubject("user_1")
            .withIssuer("https://evil.example")
            .withExpiresAt(Instant.now().plusSeconds(3600))
            .sign(Algorithm.HMAC256(SECRET));

    assertThatThrownBy(() -> auth.authenticate(bearer(wrong)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("iss");
  }

  @Test
  void valid_rs256_token_is_accepted() throws Exception {
    KeyPair keys = rsaKeyPair();
    JwtAuthenticator auth =
        new JwtAuthenticator(new JwtSettings(null, pem(keys.getPublic()), null, null));
    String token =
        JWT.create()
            .withSubject("user_1")
            .withClaim("team_id", "team_7")
            .withExpiresAt(Instant.now().plusSeconds(3600))
            .sign(Algorithm.RSA256(null, (RSAPrivateKey) keys.getPrivate()));

    assertThat(auth.algorithmName()).isEqualTo("RS256");
    assertThat(auth.authenticate(bearer(token))).isEqualTo(new Principal("team_7", "user_1", null));
  }

  @Test
  void hs256_token_is_rejected_when_an_rsa_key_is_configured() throws Exception {
    KeyPair keys = rsaKeyPair();
    String publicPem = pem(keys.getPublic());
    JwtAuthenticator auth = new JwtAuthenticator(new JwtSettings(null, publicPem, null, null));
    // The classic key-confusion attack: sign HS256 with the public key's text as the secret.
    String confused =
        JWT.create()
            .withSubject("user_1")
            .withExpiresAt(Instant.now().plusSeconds(3600))
            .sign(Algorithm.HMAC256(publicPem));

    assertThatThrownBy(() -> auth.authenticate(bearer(confused)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("algorithm");
  }

  @Test
  void rs256_token_signed_by_another_key_is_rejected() throws Exception {
    JwtAuthenticator auth =
        new JwtAuthenticator(new JwtSettings(null, pem(rsaKeyPair().getPublic()), null, null));
    KeyPair other = rsaKeyPair();
    String token =
        JWT.create()
            .withSubject("user_1")
            .withExpiresAt(Instant.now().plusSeconds(3600))
            .sign(Algorithm.RSA256(null, (RSAPrivateKey) other.getPrivate()));

    assertThatThrownBy(() -> auth.authenticate(bearer(token)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("signature");
  }

  @Test
  void valid_es256_token_is_accepted() throws Exception {
    KeyPair keys = ecKeyPair();
    JwtAuthenticator auth =
        new JwtAuthenticator(new JwtSettings(null, pem(keys.getPublic()), null, null));
    String token =
        JWT.create()
            .withSubject("user_2")
            .withClaim("email", "b@example.com")
            .withExpiresAt(Instant.now().plusSeconds(3600))
            .sign(Algorithm.ECDSA256((ECPublicKey) null, (ECPrivateKey) keys.getPrivate()));

    assertThat(auth.algorithmName()).isEqualTo("ES256");
    assertThat(auth.authenticate(bearer(token)))
        .isEqualTo(new Principal("user_2", "user_2", "b@example.com"));
  }

  @Test
  void rs256_token_is_rejected_when_an_ec_key_is_configured() throws Exception {
    JwtAuthenticator auth =
        new JwtAuthenticator(new JwtSettings(null, pem(ecKeyPair().getPublic()), null, null));
    KeyPair rsa = rsaKeyPair();
    String token =
        JWT.create()
            .withSubject("user_1")
            .withExpiresAt(Instant.now().plusSeconds(3600))
            .sign(Algorithm.RSA256((RSAPublicKey) null, (RSAPrivateKey) rsa.getPrivate()));

    assertThatThrownBy(() -> auth.authenticate(bearer(token)))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("algorithm");
  }

  @Test
  void pem_with_escaped_newlines_is_read() throws Exception {
    String escaped = pem(ecKeyPair().getPublic()).replace("\n", "\\n");

    assertThat(new JwtAuthenticator(new JwtSettings(null, escaped, null, null)).algorithmName())
        .isEqualTo("ES256");
  }

  @Test
  void settings_fail_fast_without_secret_or_public_key() {
    assertThatThrownBy(() -> JwtSettings.fromEnv(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("FLOWD_JWT_SECRET")
        .hasMessageContaining("FLOWD_JWT_PUBLIC_KEY");
    assertThatThrownBy(() -> JwtSettings.fromEnv(Map.of("FLOWD_JWT_SECRET", " ")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void settings_reject_a_short_secret_and_an_ambiguous_configuration() {
    assertThatThrownBy(() -> JwtSettings.fromEnv(Map.of("FLOWD_JWT_SECRET", "short")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(
            () ->
                JwtSettings.fromEnv(
                    Map.of("FLOWD_JWT_SECRET", SECRET, "FLOWD_JWT_PUBLIC_KEY", "pem")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only one");
  }

  @Test
  void settings_read_every_variable_and_keep_the_secret_out_of_to_string() {
    JwtSettings settings =
        JwtSettings.fromEnv(
            Map.of(
                "FLOWD_JWT_SECRET", SECRET,
                "FLOWD_JWT_ISSUER", "iss-1",
                "FLOWD_JWT_AUDIENCE", "aud-1"));

    assertThat(settings).isEqualTo(new JwtSettings(SECRET, null, "iss-1", "aud-1"));
    assertThat(settings.toString()).doesNotContain(SECRET);
  }

  @Test
  void unreadable_public_key_fails_fast() {
    assertThatThrownBy(() -> new JwtAuthenticator(new JwtSettings(null, "not a pem", null, null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("FLOWD_JWT_PUBLIC_KEY");
  }
}
