package io.flowd.nodes.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flowd.nodes.spi.NodeFailure;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkGuardTest {
  private final NetworkGuard strict = new NetworkGuard(false);
  private final NetworkGuard permissive = new NetworkGuard(true);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "127.255.255.254",
        "10.0.0.1",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "100.127.255.255",
        "0.0.0.0",
        "0.1.2.3",
        "224.0.0.1",
        "255.255.255.255",
        "::",
        "::1",
        "fe80::1",
        "febf::1",
        "fec0::1",
        "fc00::1",
        "fd12:3456::1",
        "ff02::1",
        "::127.0.0.1",
        "64:ff9b::a00:1",
        "2002:c0a8:101::1",
        "198.18.0.1",
        "198.19.255.255",
        "192.0.0.1",
        "192.0.0.170",
        "192.0.2.1",
        "198.51.100.7",
        "203.0.113.9",
        "192.88.99.1",
        "192.31.196.1",
        "192.175.48.1",
        "240.0.0.1",
        "::ffff:0:7f00:1",
        "::ffff:0:a00:1",
        "64:ff9b::c0a8:1",
        "64:ff9b:1::1",
        "100::1",
        "2001::1",
        "2001:2::1",
        "2001:db8::1",
        "2620:4f:8000::1",
        "3fff::1",
        "5f00::1",
        "4000::1"
      })
  void non_public_addresses_are_blocked(String literal) throws UnknownHostException {
    InetAddress address = address(literal);

    NodeFailure failure = catchThrowableOfType(NodeFailure.class, () -> strict.check(address));

    assertThat(failure).isNotNull();
    assertThat(failure.type()).isEqualTo("blocked_address");
    assertThat(failure.retryable()).isFalse();
    assertThat(failure.getMessage())
        .startsWith("address " + address.getHostAddress() + " of host ")
        .contains("is blocked")
        .contains("FLOWD_HTTP_ALLOW_PRIVATE_NETWORKS=true");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8.8.8.8",
        "1.1.1.1",
        "100.63.255.255",
        "100.128.0.1",
        "172.15.255.255",
        "172.32.0.1",
        "192.169.0.1",
        "169.253.0.1",
        "11.0.0.1",
        "223.255.255.255",
        "2606:4700:4700::1111",
        "2001:4860:4860::8888",
        "64:ff9b::808:808",
        "2002:808:808::1",
        "198.20.0.1",
        "192.0.1.1",
        "::ffff:0:808:808",
        "2001:200::1"
      })
  void public_addresses_pass(String literal) throws UnknownHostException {
    InetAddress address = address(literal);

    assertThatCode(() -> strict.check(address)).doesNotThrowAnyException();
  }

  @Test
  void ipv4_mapped_ipv6_loopback_is_blocked() throws UnknownHostException {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = 127;
    mapped[15] = 1;
    InetAddress asV6 = Inet6Address.getByAddress(null, mapped, -1);

    assertThat(NetworkGuard.isNonPublic(asV6)).isTrue();
    assertThat(catchThrowableOfType(NodeFailure.class, () -> strict.check(asV6))).isNotNull();
  }

  @Test
  void ipv4_mapped_ipv6_public_address_passes() throws UnknownHostException {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = 8;
    mapped[13] = 8;
    mapped[14] = 8;
    mapped[15] = 8;
    InetAddress asV6 = Inet6Address.getByAddress(null, mapped, -1);

    assertThat(NetworkGuard.isNonPublic(asV6)).isFalse();
  }

  @Test
  void private_addresses_pass_when_private_networks_are_allowed() throws UnknownHostException {
    assertThatCode(() -> permissive.check(address("127.0.0.1"))).doesNotThrowAnyException();
    assertThatCode(() -> permissive.check(address("10.0.0.1"))).doesNotThrowAnyException();
    assertThatCode(() -> permissive.check(address("::1"))).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "localhost",
        "10.0.0.1",
        "169.254.169.254",
        "::1",
        "[::1]",
        "[::ffff:127.0.0.1]",
        "0.0.0.0",
        "127.1",
        "2130706433"
      })
  void resolving_a_blocked_host_is_refused(String host) {
    NodeFailure failure =
        catchThrowableOfType(NodeFailure.class, () -> strict.resolveAllowed(host));

    assertThat(failure).isNotNull();
    assertThat(failure.type()).isEqualTo("blocked_address");
    assertThat(failure.retryable()).isFalse();
    assertThat(failure.getMessage()).contains("of host " + host + " is blocked");
  }

  @Test
  void localhost_resolves_when_private_networks_are_allowed() {
    assertThat(permissive.resolveAllowed("localhost"))
        .isNotEmpty()
        .allMatch(InetAddress::isLoopbackAddress);
  }

  @Test
  void public_literal_resolves_without_lookup() {
    assertThat(strict.resolveAllowed("8.8.8.8"))
        .extracting(InetAddress::getHostAddress)
        .containsExactly("8.8.8.8");
  }

  @Test
  void extra_blocklist_applies_even_when_private_networks_are_allowed()
      throws UnknownHostException {
    InetAddress second = address("127.0.0.2");
    NetworkGuard guard = new NetworkGuard(true, second::equals);

    assertThatCode(() -> guard.check(address("127.0.0.1"))).doesNotThrowAnyException();
    NodeFailure failure = catchThrowableOfType(NodeFailure.class, () -> guard.check(second));
    assertThat(failure).isNotNull();
    assertThat(failure.type()).isEqualTo("blocked_address");
  }

  @Test
  void message_names_the_host_that_resolved_to_the_address() {
    NodeFailure failure =
        catchThrowableOfType(NodeFailure.class, () -> strict.resolveAllowed("localhost"));

    assertThat(failure.getMessage()).matches("address \\S+ of host localhost is blocked: .*");
  }

  private static InetAddress address(String literal) throws UnknownHostException {
    // A literal never triggers a DNS lookup.
    return InetAddress.getByName(literal);
  }
}
