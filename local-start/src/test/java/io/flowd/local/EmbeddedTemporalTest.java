package io.flowd.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Collections;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The Temporal test server the local start embeds is reachable on loopback only. */
class EmbeddedTemporalTest {

  private static InetAddress nonLoopbackAddress() throws IOException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address) {
            return address;
          }
        }
      }
    }
    return null;
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
  void the_embedded_temporal_listens_on_loopback_only() throws IOException {
    InetAddress external = nonLoopbackAddress();
    Assumptions.assumeTrue(external != null, "no non-loopback IPv4 address on this machine");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }

    try (Closeable temporal = LocalStart.embeddedTemporal(port)) {
      assertThat(accepts(InetAddress.getLoopbackAddress(), port)).isTrue();
      assertThat(accepts(external, port)).isFalse();
    }
  }
}
