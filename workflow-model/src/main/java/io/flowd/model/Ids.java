package io.flowd.model;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** Random identifiers in the contract's format: a prefix and 16 lowercase base-36 characters. */
public final class Ids {
  /** Prefix of workflow ids. */
  public static final String WORKFLOW = "fl_";

  /** Prefix of run ids. */
  public static final String RUN = "fl_run_";

  /** Prefix of log ids. */
  public static final String LOG = "fl_log_";

  /** Prefix of authorization ids. */
  public static final String AUTHORIZATION = "auth_";

  /** Prefix of vault item ids. */
  public static final String VAULT = "vlt_";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final char[] ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private Ids() {}

  /** Returns a new id with this prefix. */
  public static String next(String prefix) {
    return prefix + random(BASE36, 16);
  }

  /**
   * Returns an id with this prefix derived from {@code seed} (its SHA-256 in base 36), the same for
   * the same seed: for rows that must be written at most once, such as a failed run's failure run.
   */
  public static String derived(String prefix, String seed) {
    byte[] hash;
    try {
      hash =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    char[] out = new char[16];
    for (int i = 0; i < out.length; i++) {
      out[i] = BASE36[(hash[i] & 0xff) % BASE36.length];
    }
    return prefix + new String(out);
  }

  /** Returns a new webhook token: {@code whsec_} and 32 characters of {@code [A-Za-z0-9]}. */
  public static String webhookToken() {
    return "whsec_" + random(ALNUM, 32);
  }

  /** Returns whether {@code id} has this prefix followed by 16 base-36 characters. */
  public static boolean matches(String prefix, String id) {
    return id != null
        && id.startsWith(prefix)
        && Pattern.matches("[0-9a-z]{16}", id.substring(prefix.length()));
  }

  private static String random(char[] alphabet, int length) {
    char[] out = new char[length];
    for (int i = 0; i < length; i++) {
      out[i] = alphabet[RANDOM.nextInt(alphabet.length)];
    }
    return new String(out);
  }
}
