package io.flowd.nodes.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import io.flowd.model.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretMaskTest {
  private static final String SECRET = "p@ss \"word\"\\ with/+=&?é";
  private static final SecretMask MASK = new SecretMask(List.of(SECRET));

  private static String base64(Base64.Encoder encoder, String text) {
    return encoder.encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void every_encoded_form_of_a_secret_is_masked() {
    String plus = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
    String jsonEscaped = Json.write(TextNode.valueOf(SECRET));
    List<String> forms =
        List.of(
            SECRET,
            jsonEscaped.substring(1, jsonEscaped.length() - 1),
            plus,
            plus.replace("+", "%20"),
            base64(Base64.getEncoder(), SECRET),
            base64(Base64.getEncoder().withoutPadding(), SECRET),
            base64(Base64.getUrlEncoder(), SECRET),
            base64(Base64.getUrlEncoder().withoutPadding(), SECRET));
    for (String form : forms) {
      String masked = MASK.apply("before " + form + " after");
      assertThat(masked).as(form).isEqualTo("before *** after");
      assertThat(MASK.reveals("x" + form + "x")).as(form).isTrue();
    }
  }

  @Test
  void a_secret_inside_longer_base64_text_is_masked_at_every_offset() {
    for (String prefix : List.of("", "u:", "us:", "use:")) {
      String encoded = base64(Base64.getEncoder(), prefix + SECRET + "!tail");

      String masked = MASK.apply("Basic " + encoded);

      assertThat(masked).as(prefix).contains("***");
      assertThat(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8))
          .contains(SECRET);
      assertThat(masked.length()).isLessThan(("Basic " + encoded).length());
    }
  }

  @Test
  void masking_leaves_other_text_alone() {
    assertThat(MASK.apply("nothing to hide here")).isEqualTo("nothing to hide here");
    assertThat(MASK.reveals("nothing to hide here")).isFalse();
  }
}
