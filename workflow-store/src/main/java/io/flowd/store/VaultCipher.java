package io.flowd.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts vault secrets with AES-256-GCM: a random 96-bit nonce per value and the tenant id as
 * associated data, so a row copied to another tenant fails to decrypt. The sealed form is the nonce
 * followed by the ciphertext and its 128-bit tag.
 */
public final class VaultCipher {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  private VaultCipher(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
  }

  /**
   * Reads {@code FLOWD_VAULT_KEY}: the standard or URL-safe base64 of exactly 32 bytes.
   *
   * @throws IllegalStateException when the key is missing or malformed; the message never contains
   *     the key
   */
  public static VaultCipher fromBase64(String base64) {
    if (base64 == null || base64.isBlank()) {
      throw new IllegalStateException(
          "FLOWD_VAULT_KEY must be set to the base64 of 32 random bytes");
    }
    byte[] raw;
    try {
      String text = base64.strip();
      raw =
          text.contains("-") || text.contains("_")
              ? Base64.getUrlDecoder().decode(text)
              : Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("FLOWD_VAULT_KEY is not valid base64");
    }
    if (raw.length != 32) {
      throw new IllegalStateException(
          "FLOWD_VAULT_KEY must decode to 32 bytes (AES-256), not " + raw.length);
    }
    return new VaultCipher(raw);
  }

  /** Returns a new random key in the form {@link #fromBase64} reads. */
  public static String generateKey() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw);
  }

  /** Encrypts {@code secret} for {@code tenantId}. */
  public byte[] seal(String tenantId, String secret) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, tenantId);
      byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * Decrypts what {@link #seal} wrote for the same tenant.
   *
   * @throws IllegalStateException when the value was sealed for another tenant, with another key,
   *     or was altered
   */
  public String open(String tenantId, byte[] sealed) {
    if (sealed == null || sealed.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new IllegalStateException("the sealed value is too short");
    }
    try {
      Cipher cipher =
          cipher(Cipher.DECRYPT_MODE, Arrays.copyOfRange(sealed, 0, NONCE_BYTES), tenantId);
      byte[] plain = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the value does not decrypt with this key and tenant");
    }
  }

  private Cipher cipher(int mode, byte[] nonce, String tenantId) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(tenantId.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  @Override
  public String toString() {
    return "VaultCipher[AES-256-GCM]";
  }
}
