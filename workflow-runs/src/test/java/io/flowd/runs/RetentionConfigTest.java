package io.flowd.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowd.model.Retention;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionConfigTest {

  @Test
  void runs_are_kept_90_days_by_default_and_purged_every_minute() {
    RetentionConfig config = RetentionConfig.fromEnv(Map.of());

    assertThat(config.defaults()).isEqualTo(new Retention(90, null, Map.of()));
    assertThat(config.purgeInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.batchSize()).isEqualTo(500);
  }

  @Test
  void the_environment_sets_days_by_status_a_count_and_zero_keeps_for_ever() {
    RetentionConfig config =
        RetentionConfig.fromEnv(
            Map.of(
                "FLOWD_RETENTION_DAYS", "0",
                "FLOWD_RETENTION_DAYS_BY_STATUS", "failed=180, cancelled=7",
                "FLOWD_RETENTION_KEEP_LAST", "1000"));

    assertThat(config.defaults())
        .isEqualTo(new Retention(null, 1000, Map.of("failed", 180, "cancelled", 7)));
  }

  @Test
  void a_malformed_setting_fails_the_start_and_names_itself() {
    assertThatThrownBy(() -> RetentionConfig.fromEnv(Map.of("FLOWD_RETENTION_DAYS", "-1")))
        .hasMessageContaining("FLOWD_RETENTION_DAYS");
    assertThatThrownBy(
            () -> RetentionConfig.fromEnv(Map.of("FLOWD_RETENTION_DAYS_BY_STATUS", "running=3")))
        .hasMessageContaining("failed=180");
  }
}
