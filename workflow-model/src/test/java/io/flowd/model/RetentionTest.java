package io.flowd.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionTest {
  private static final Retention DEFAULTS = new Retention(90, null, Map.of("failed", 180));

  @Test
  void a_workflow_policy_overrides_the_default_field_by_field() {
    Retention onlyCount = new Retention(null, 100, Map.of()).over(DEFAULTS);
    Retention ownDays = new Retention(7, null, Map.of("cancelled", 1)).over(DEFAULTS);

    assertThat(onlyCount).isEqualTo(new Retention(90, 100, Map.of("failed", 180)));
    assertThat(ownDays.daysFor(RunStatus.COMPLETED)).isEqualTo(7);
    assertThat(ownDays.daysFor(RunStatus.FAILED)).isEqualTo(7);
    assertThat(ownDays.daysFor(RunStatus.CANCELLED)).isEqualTo(1);
    assertThat(ownDays.longestDays()).isEqualTo(7);
  }

  @Test
  void a_policy_without_an_age_limit_purges_nothing_by_age() {
    Instant now = Instant.parse("2026-12-07T00:00:00Z");

    assertThat(Retention.KEEP_ALL.purges()).isFalse();
    assertThat(Retention.KEEP_ALL.closedBefore(RunStatus.COMPLETED, now)).isNull();
    assertThat(DEFAULTS.closedBefore(RunStatus.FAILED, now))
        .isEqualTo(Instant.parse("2026-06-10T00:00:00Z"));
    assertThat(Retention.statuses()).containsExactly("completed", "failed", "cancelled");
  }

  @Test
  void the_policy_serialises_without_unset_fields() {
    assertThat(Json.write(new Retention(null, 5, Map.of()))).isEqualTo("{\"keep_last\":5}");
    assertThat(Json.MAPPER.convertValue(Json.parse("{\"keep_days\":3}"), Retention.class))
        .isEqualTo(new Retention(3, null, Map.of()));
  }
}
