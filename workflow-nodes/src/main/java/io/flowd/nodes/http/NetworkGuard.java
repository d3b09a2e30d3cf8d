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
 * <p>Unless private networks are allowed, it refuses every block of the IANA special-purpose
 * registries, IPv4 and IPv6 (loopback, private, link-local, carrier-grade NAT, "this network",
 * benchmarking 198.18.0.0/15, IETF assignments 192.0.0.0/24, documentation, AS112, multicast,
 * reserved), every IPv6 address outside the global unicast space 2000::/3, and the IPv4 addresses
 * embedded in IPv6 ones (IPv4-mapped, IPv4-translated, IPv4-compatible, NAT64 and 6to4), checked as
 * IPv4. The failure it throws is a non-retryable {@link NodeFailure} of type {@code
 * blocked_address}. Instances are immutable and thread-safe.
 */
public final class NetworkGuard {
  private final boolean allowPrivateNetworks;
  private final Predicate<InetAddress> alsoBlocked;
  private final Resolver resolver;

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
    this(allowPrivateNetworks, alsoBlocked, InetAddress::getAllByName);
  }

  /** Creates a guard that resolves host names with {@code resolver}. */
  NetworkGuard(
      boolean allowPrivateNetworks, Predicate<InetAddress> alsoBlocked, Resolver resolver) {
    this.allowPrivateNetworks = allowPrivateNetworks;
    this.alsoBlocked = Objects.requireNonNull(alsoBlocked);
    this.resolver = Objects.requireNonNull(resolver);
  }

  /** Resolves a host name or literal to its addresses. */
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
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
      addresses = resolver.resolve(host);
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

  /**
   * The IANA IPv4 Special-Purpose Address Registry, every entry, plus multicast: none of these is a
   * peer a webhook may call, even the few the registry marks globally reachable (AS112, AMT).
   */
  private static final List<Cidr> SPECIAL_V4 =
      List.of(
          Cidr.of("0.0.0.0/8"), // "this network"
          Cidr.of("10.0.0.0/8"),
          Cidr.of("100.64.0.0/10"), // carrier-grade NAT
          Cidr.of("127.0.0.0/8"),
          Cidr.of("169.254.0.0/16"),
          Cidr.of("172.16.0.0/12"),
          Cidr.of("192.0.0.0/24"), // IETF protocol assignments
          Cidr.of("192.0.2.0/24"), // TEST-NET-1
          Cidr.of("192.31.196.0/24"), // AS112-v4
          Cidr.of("192.52.193.0/24"), // AMT
          Cidr.of("192.88.99.0/24"), // deprecated 6to4 relay anycast
          Cidr.of("192.168.0.0/16"),
          Cidr.of("192.175.48.0/24"), // AS112 direct delegation
          Cidr.of("198.18.0.0/15"), // benchmarking
          Cidr.of("198.51.100.0/24"), // TEST-NET-2
          Cidr.of("203.0.113.0/24"), // TEST-NET-3
          Cidr.of("224.0.0.0/4"), // multicast
          Cidr.of("240.0.0.0/4")); // reserved, and 255.255.255.255

  /**
   * The entries of the IANA IPv6 Special-Purpose Address Registry inside the global unicast space
   * 2000::/3; every address outside 2000::/3 is refused unless it embeds an IPv4 address (checked
   * as IPv4).
   */
  private static final List<Cidr> SPECIAL_V6_GLOBAL =
      List.of(
          Cidr.of("2001::/23"), // IETF protocol assignments: TEREDO, benchmarking, ORCHID, ...
          Cidr.of("2001:db8::/32"), // documentation
          Cidr.of("2620:4f:8000::/48"), // AS112 direct delegation
          Cidr.of("3fff::/20")); // documentation

  private static final Cidr V4_MAPPED = Cidr.of("::ffff:0:0/96");
  private static final Cidr V4_TRANSLATED = Cidr.of("::ffff:0:0:0/96");
  private static final Cidr NAT64 = Cidr.of("64:ff9b::/96");
  private static final Cidr SIX_TO_FOUR = Cidr.of("2002::/16");
  private static final Cidr GLOBAL_UNICAST = Cidr.of("2000::/3");

  private static boolean isNonPublicV4(byte[] a) {
    for (Cidr block : SPECIAL_V4) {
      if (block.contains(a)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isNonPublicV6(byte[] a) {
    if (V4_MAPPED.contains(a) || V4_TRANSLATED.contains(a) || NAT64.contains(a)) {
      return isNonPublicV4(slice(a, 12));
    }
    if (SIX_TO_FOUR.contains(a)) {
      return isNonPublicV4(slice(a, 2));
    }
    if (!GLOBAL_UNICAST.contains(a)) {
      return true; // ::, ::1, IPv4-compatible, 100::/64, 64:ff9b:1::/48, 5f00::/16, fc00::/7, ...
    }
    for (Cidr block : SPECIAL_V6_GLOBAL) {
      if (block.contains(a)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] slice(byte[] a, int from) {
    return new byte[] {a[from], a[from + 1], a[from + 2], a[from + 3]};
  }

  /** An address block: a network address and a prefix length. */
  private record Cidr(byte[] network, int prefix) {
    static Cidr of(String text) {
      String[] parts = text.split("/", 2);
      try {
        InetAddress address = InetAddress.getByName(parts[0]);
        byte[] bytes = address.getAddress();
        if (parts[0].contains(":") && bytes.length == 4) {
          // Java reads ::ffff:a.b.c.d as IPv4; the block is the IPv6 form.
          bytes = new byte[16];
          bytes[10] = (byte) 0xff;
          bytes[11] = (byte) 0xff;
          System.arraycopy(address.getAddress(), 0, bytes, 12, 4);
        }
        return new Cidr(bytes, Integer.parseInt(parts[1]));
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(text, e);
      }
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int full = prefix / 8;
      for (int i = 0; i < full; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[full] & mask) == (network[full] & mask);
    }
  }
}
