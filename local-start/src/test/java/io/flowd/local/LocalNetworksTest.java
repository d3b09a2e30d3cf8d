package io.flowd.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.flowd.nodes.NodesConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalNetworksTest {
  @Test
  void the_local_start_allows_private_networks_when_unset() {
    Map<String, String> env = new HashMap<>();

    LocalStart.allowLocalNetworks(env);

    assertThat(NodesConfig.fromEnv(env).allowPrivateNetworks()).isTrue();
    assertThat(LocalStart.privateNetworksLine(true)).contains("may call private and loopback");
  }

  @Test
  void an_explicit_setting_wins_over_the_local_default() {
    Map<String, String> env = new HashMap<>(Map.of("FLOWD_HTTP_ALLOW_PRIVATE_NETWORKS", "false"));

    LocalStart.allowLocalNetworks(env);

    assertThat(NodesConfig.fromEnv(env).allowPrivateNetworks()).isFalse();
    assertThat(LocalStart.privateNetworksLine(false)).contains("refuses private and loopback");
  }

  @Test
  void every_other_process_keeps_the_guard_on_by_default() {
    assertThat(NodesConfig.fromEnv(Map.of()).allowPrivateNetworks()).isFalse();
  }
}
