package io.flowd.api.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flowd.api.FlowdHarness;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The API binds only where {@code FLOWD_HTTP_HOST} tells it to. */
class ListeningAddressTest {

  private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address) {
            return Optional.of(address);
          }
        }
      }
    }
    return Optional.empty();
  }

  private static boolean accepts(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 2_000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  @Test
  void the_api_listens_on_the_configured_host() throws IOException {
    InetAddress external = nonLoopbackAddress().orElse(null);
    Assumptions.assumeTrue(external != null, "no non-loopback IPv4 address on this machine");

    try (FlowdHarness flowd = FlowdHarness.start(Map.of("FLOWD_HTTP_HOST", "127.0.0.1"))) {
      assertThat(accepts(InetAddress.getLoopbackAddress(), flowd.port())).isTrue();
      assertThat(accepts(external, flowd.port())).isFalse();
    }
  }

  @Test
  void the_bind_host_defaults_to_every_interface_outside_the_local_start() {
    ApiConfig config =
        ApiConfig.fromEnv(
            Map.of(
                "DATABASE_URL",
                "jdbc:postgresql://127.0.0.1:5432/x",
                "FLOWD_JWT_SECRET",
                FlowdHarness.SECRET,
                "FLOWD_VAULT_KEY",
                FlowdHarness.VAULT_KEY));

    assertThat(config.httpHost()).isEqualTo("0.0.0.0");
    assertThatThrownBy(() -> ApiConfig.fromEnv(Map.of())).isInstanceOf(RuntimeException.class);
  }
}
