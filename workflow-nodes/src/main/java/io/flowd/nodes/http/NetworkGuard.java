package io.flowd.nodes.http;

import io.flowd.nodes.spi.NodeFailure;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Decides which addresses the {@code webhook} action may connect to.
 *
 * <p>Unless private networks are allowed, it refuses loopback (127.0.0.0/8, ::1), private (10/8,
 * 172.16/12, 192.168/16, fc00::/7, fec0::/10), link-local (169.254/16, fe80::/10), carrier-grade
 * NAT (100.64/10), "this network" (0.0.0.0/8, ::), multicast and reserved addresses, also when they
 * are embedded in an IPv6 address (IPv4-mapped, IPv4-compatible, NAT64 and 6to4). The failure it
 * throws is a non-retryable {@link NodeFailure} of type {@code blocked_address}. Instances are
 * immutable and thread-safe.
 */
public final class NetworkGuard {
  private final boolean allowPrivateNetworks;
  private final Predicate<InetAddress> alsoBlocked;

  /**
   * Creates a guard.
   *
   * @param allowPrivateNetworks whether private, loopback and link-local addresses are allowed, as
   *     set by {@code FLOWD_HTTP_ALLOW_PRIVATE_NETWORKS=true}
   */
  public NetworkGuard(boolean allowPrivateNetworks) {
    this(allowPrivateNetworks, address -> false);
  }

  /** Creates a guard that also refuses every address {@code alsoBlocked} accepts. */
  NetworkGuard(boolean allowPrivateNetworks, Predicate<InetAddress> alsoBlocked) {
    this.allowPrivateNetworks = allowPrivateNetworks;
    this.alsoBlocked = Objects.requireNonNull(alsoBlocked);
  }

  /** Returns whether private, loopback and link-local addresses are allowed. */
  public boolean allowsPrivateNetworks() {
    return allowPrivateNetworks;
  }

  /**
   * Throws when the address may not be connected to.
   *
   * @throws NodeFailure of type {@code blocked_address}, not retryable
   */
  public void check(InetAddress address) {
    String text = address.toString();
    String host = text.substring(0, text.indexOf('/'));
    check(address, host.isEmpty() ? address.getHostAddress() : host);
  }

  /**
   * Resolves a host name or address literal and checks every address it resolves to; one blocked
   * address refuses the whole host, so a name cannot hide a private address among public ones.
   *
   * @param host a host name, an IPv4 literal or an IPv6 literal (with or without brackets)
   * @return every resolved address, in resolver order
   * @throws NodeFailure of type {@code blocked_address} (not retryable) when an address is blocked,
   *     of type {@code http_error} (retryable) when the host does not resolve
   */
  public List<InetAddress> resolveAllowed(String host) {
    if (host == null || host.isBlank()) {
      throw new NodeFailure("invalid_config", "the URL has no host", false);
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new NodeFailure("http_error", "cannot resolve host " + host, true);
    }
    for (InetAddress address : addresses) {
      check(address, host);
    }
    return List.of(addresses);
  }

  private void check(InetAddress address, String host) {
    if ((!allowPrivateNetworks && isNonPublic(address)) || alsoBlocked.test(address)) {
      throw new NodeFailure(
          "blocked_address",
          "address "
              + address.getHostAddress()
              + " of host "
              + host
              + " is blocked: private, loopback and link-local addresses are not allowed"
              + " (set FLOWD_HTTP_ALLOW_PRIVATE_NETWORKS=true to allow)",
          false);
    }
  }

  /** Returns whether the address is anything but a public unicast address. */
  static boolean isNonPublic(InetAddress address) {
    if (address instanceof Inet4Address) {
      return isNonPublicV4(address.getAddress());
    }
    if (address instanceof Inet6Address) {
      return isNonPublicV6(address.getAddress());
    }
    return true;
  }

  private static boolean isNonPublicV4(byte[] a) {
    int b0 = a[0] & 0xff;
    int b1 = a[1] & 0xff;
    return b0 == 0 // "this network", including 0.0.0.0
        || b0 == 10
        || b0 == 127
        || (b0 == 100 && (b1 & 0xc0) == 64) // 100.64.0.0/10, carrier-grade NAT
        || (b0 == 169 && b1 == 254)
        || (b0 == 172 && (b1 & 0xf0) == 16)
        || (b0 == 192 && b1 == 168)
        || b0 >= 224; // multicast, reserved and broadcast
  }

  private static boolean isNonPublicV6(byte[] a) {
    int b0 = a[0] & 0xff;
    int b1 = a[1] & 0xff;
    if (b0 == 0xff // multicast
        || (b0 & 0xfe) == 0xfc // fc00::/7, unique local
        || (b0 == 0xfe && (b1 & 0xc0) == 0x80) // fe80::/10, link-local
        || (b0 == 0xfe && (b1 & 0xc0) == 0xc0)) { // fec0::/10, deprecated site-local
      return true;
    }
    if (allZero(a, 0, 10)) {
      boolean mapped = (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
      if (mapped) {
        return isNonPublicV4(slice(a, 12));
      }
      // ::/96 holds ::, ::1 and the deprecated IPv4-compatible addresses: none is public.
      return allZero(a, 10, 12);
    }
    boolean nat64 = b0 == 0x00 && b1 == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b;
    if (nat64 && allZero(a, 4, 12)) {
      return isNonPublicV4(slice(a, 12));
    }
    boolean sixToFour = b0 == 0x20 && b1 == 0x02;
    if (sixToFour) {
      return isNonPublicV4(slice(a, 2));
    }
    return false;
  }

  private static boolean allZero(byte[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] slice(byte[] a, int from) {
    return new byte[] {a[from], a[from + 1], a[from + 2], a[from + 3]};
  }
}
