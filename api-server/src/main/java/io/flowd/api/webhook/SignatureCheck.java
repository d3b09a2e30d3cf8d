package io.flowd.api.webhook;

import io.flowd.model.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a webhook call's HMAC signature against the raw body. Digests are compared as bytes with
 * {@link MessageDigest#isEqual}, in constant time; hex case does not matter.
 */
final class SignatureCheck {
  private SignatureCheck() {}

  /**
   * Returns whether {@code headerValue} is a valid signature of {@code body} under {@code secret}.
   *
   * @param nowSeconds the current Unix time, for the timestamped format's tolerance
   */
  static boolean verify(
      WebhookSignature signature, String secret, byte[] body, String headerValue, long nowSeconds) {
    if (headerValue == null || secret == null) {
      return false;
    }
    byte[] key = secret.getBytes(StandardCharsets.UTF_8);
    if (!signature.timestamped()) {
      String prefix = signature.prefix() == null ? "" : signature.prefix();
      String value = headerValue.strip();
      if (!value.regionMatches(true, 0, prefix, 0, prefix.length())) {
        return false;
      }
      return matches(hmac(signature, key, body), value.substring(prefix.length()));
    }
    String timestamp = null;
    List<String> digests = new ArrayList<>();
    for (String part : headerValue.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String name = part.substring(0, eq).strip();
      String value = part.substring(eq + 1).strip();
      if (name.equals("t")) {
        timestamp = value;
      } else if (name.equals("v1")) {
        digests.add(value);
      }
    }
    if (timestamp == null || digests.isEmpty() || !timestamp.matches("[0-9]{1,12}")) {
      return false;
    }
    if (Math.abs(nowSeconds - Long.parseLong(timestamp)) > WebhookSignature.TOLERANCE_SECONDS) {
      return false;
    }
    byte[] signed = concat((timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
    byte[] expected = hmac(signature, key, signed);
    boolean any = false;
    for (String digest : digests) {
      any |= matches(expected, digest);
    }
    return any;
  }

  /** Returns the lower-case hex HMAC of {@code data} (tests and documentation examples). */
  static String hex(WebhookSignature signature, String secret, byte[] data) {
    return HexFormat.of().formatHex(hmac(signature, secret.getBytes(StandardCharsets.UTF_8), data));
  }

  private static boolean matches(byte[] expected, String presentedHex) {
    byte[] presented;
    try {
      presented = HexFormat.of().parseHex(presentedHex.strip());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(expected, presented);
  }

  private static byte[] hmac(WebhookSignature signature, byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(signature.macName());
      mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, signature.macName()));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
