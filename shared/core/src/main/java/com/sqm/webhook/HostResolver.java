package com.sqm.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Resolves a host name to its addresses (DNS in production; a table in tests). */
@FunctionalInterface
public interface HostResolver {
  HostResolver SYSTEM = InetAddress::getAllByName;

  InetAddress[] resolve(String host) throws UnknownHostException;
}
