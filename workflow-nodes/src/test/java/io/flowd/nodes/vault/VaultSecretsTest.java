package io.flowd.nodes.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowd.model.Json;
import io.flowd.store.VaultCipher;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The vault's cipher, the reference scan and the mask. */
class VaultSecretsTest {
  private static final VaultCipher CIPHER = VaultCipher.fromBase64(VaultCipher.generateKey());

  @Test
  void a_sealed_secret_opens_for_its_tenant_only() {
    byte[] sealed = CIPHER.seal("tenant_a", "hunter2");

    assertThat(CIPHER.open("tenant_a", sealed)).isEqualTo("hunter2");
    assertThatThrownBy(() -> CIPHER.open("tenant_b", sealed))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void sealing_twice_uses_a_fresh_nonce() {
    assertThat(CIPHER.seal("t", "same")).isNotEqualTo(CIPHER.seal("t", "same"));
  }

  @Test
  void a_missing_or_short_key_fails_fast_without_echoing_it() {
    assertThatThrownBy(() -> VaultCipher.fromBase64(null)).hasMessageContaining("FLOWD_VAULT_KEY");
    assertThatThrownBy(() -> VaultCipher.fromBase64("c2hvcnQta2V5"))
        .hasMessageContaining("32 bytes")
        .hasMessageNotContaining("c2hvcnQta2V5");
  }

  @Test
  void references_are_found_in_nested_strings_in_order() {
    var data =
        Json.parse(
            "{\"url\": \"https://x/{{ vault.B_KEY }}\", \"headers\": [{\"key\": \"a\","
                + " \"value\": \"Bearer {{vault.A_KEY}} {{ vault['C_KEY'] }} {{ node_1.x }}\"}]}");

    assertThat(VaultReferences.names(data)).containsExactly("B_KEY", "A_KEY", "C_KEY");
  }

  @Test
  void the_mask_replaces_every_occurrence_in_text_keys_and_values() {
    SecretMask mask = new SecretMask(List.of("s3cret", "s3cret-long"));

    assertThat(mask.apply("a s3cret-long and s3cret")).isEqualTo("a *** and ***");
    assertThat(Json.write(mask.apply(Json.parse("{\"s3cret\": [\"x s3cret\", 1]}"))))
        .isEqualTo("{\"***\":[\"x ***\",1]}");
  }
}
