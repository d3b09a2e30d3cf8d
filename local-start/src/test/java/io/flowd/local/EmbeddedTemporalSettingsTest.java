package io.flowd.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowd.engine.ReliabilityConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The local start's settings for the embedded server: its port and sticky routing. */
class EmbeddedTemporalSettingsTest {

  @Test
  void the_in_process_worker_of_the_embedded_server_keeps_sticky_routing_unless_set() {
    Map<String, String> env = new HashMap<>();

    LocalStart.fillEmbeddedTemporal(env, 17233);

    assertThat(env).containsEntry("TEMPORAL_ADDRESS", "127.0.0.1:17233");
    assertThat(ReliabilityConfig.fromEnv(env).stickyTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void a_sticky_setting_of_the_user_wins() {
    Map<String, String> env = new HashMap<>(Map.of("FLOWD_STICKY_SCHEDULE_TO_START_SECONDS", "0"));

    LocalStart.fillEmbeddedTemporal(env, 7233);

    assertThat(ReliabilityConfig.fromEnv(env).stickyTimeout()).isEqualTo(Duration.ZERO);
  }
}
