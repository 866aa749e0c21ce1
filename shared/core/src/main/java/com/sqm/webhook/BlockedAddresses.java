package com.sqm.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Addresses a webhook must not reach, because they lead into this service's own network rather than
 * to the caller's server: loopback, link-local (cloud metadata at 169.254.169.254), private (10/8,
 * 172.16/12, 192.168/16, shared 100.64/10), unique-local (fc00::/7), multicast, unspecified
 * (0.0.0.0/8, ::) and broadcast. IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64
 * 64:ff9b::/96, 6to4 2002::/16) are judged by that address.
 */
public final class BlockedAddresses {
  private BlockedAddresses() {}

  /** Why {@code address} is refused, or empty when a webhook may reach it. */
  public static Optional<String> reason(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      Optional<Inet4Address> embedded = embeddedIpv4(v6.getAddress());
      if (embedded.isPresent()) {
        return reason(embedded.get());
      }
    }
    if (address.isAnyLocalAddress()) {
      return Optional.of("unspecified");
    }
    if (address.isLoopbackAddress()) {
      return Optional.of("loopback");
    }
    if (address.isLinkLocalAddress()) {
      return Optional.of("link-local");
    }
    if (address.isMulticastAddress()) {
      return Optional.of("multicast");
    }
    if (address.isSiteLocalAddress()) {
      return Optional.of("private");
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      if (first == 0) {
        return Optional.of("unspecified");
      }
      if (first == 100 && second >= 64 && second <= 127) {
        return Optional.of("private");
      }
      if (first == 255 && Arrays.equals(b, new byte[] {-1, -1, -1, -1})) {
        return Optional.of("broadcast");
      }
    } else if ((b[0] & 0xfe) == 0xfc) {
      return Optional.of("unique-local");
    }
    return Optional.empty();
  }

  /** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any. */
  private static Optional<Inet4Address> embeddedIpv4(byte[] b) {
    boolean leadingZeros = true;
    for (int i = 0; i < 10; i++) {
      leadingZeros &= b[i] == 0;
    }
    boolean mapped = leadingZeros && b[10] == -1 && b[11] == -1;
    // ::a.b.c.d (deprecated "compatible" form); :: and ::1 themselves are judged as IPv6.
    boolean compatible =
        leadingZeros && b[10] == 0 && b[11] == 0 && ((b[12] | b[13]) != 0 || (b[14] & 0xff) > 0);
    boolean nat64 =
        b[0] == 0x00
            && b[1] == 0x64
            && b[2] == (byte) 0xff
            && b[3] == (byte) 0x9b
            && zero(b, 4, 12);
    if (mapped || compatible || nat64) {
      return Optional.of(v4(b[12], b[13], b[14], b[15]));
    }
    if (b[0] == 0x20 && b[1] == 0x02) {
      return Optional.of(v4(b[2], b[3], b[4], b[5]));
    }
    return Optional.empty();
  }

  private static boolean zero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static Inet4Address v4(byte a, byte b, byte c, byte d) {
    try {
      return (Inet4Address) InetAddress.getByAddress(new byte[] {a, b, c, d});
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
  }
}
