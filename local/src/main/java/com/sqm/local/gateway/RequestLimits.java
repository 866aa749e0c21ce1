package com.sqm.local.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * The size limits the local gateway enforces before routing or authorization: a request body of at
 * most {@value #MAX_BODY_BYTES} bytes and header fields of at most {@value #MAX_HEADER_BYTES} bytes
 * in total.
 */
final class RequestLimits {
  static final int MAX_BODY_BYTES = 16 * 1024;
  static final int MAX_HEADER_BYTES = 16 * 1024;

  private RequestLimits() {}

  /** Header bytes as sent: "name: value\r\n" for every value. */
  static long headerBytes(Map<String, List<String>> headers) {
    long total = 0;
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      for (String value : header.getValue()) {
        total += header.getKey().length() + 2 + (value == null ? 0 : value.length()) + 2;
      }
    }
    return total;
  }

  /**
   * True when a {@code Content-Length} value announces more than the limit (an absent or unparsable
   * one does not).
   */
  static boolean announcesTooLargeBody(String contentLength) {
    if (contentLength == null) {
      return false;
    }
    try {
      return Long.parseLong(contentLength.trim()) > MAX_BODY_BYTES;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * Reads at most {@value #MAX_BODY_BYTES} + 1 bytes; returns null when the body is longer than the
   * limit (the rest is left unread).
   */
  static byte[] readBody(InputStream in) throws IOException {
    byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
    return body.length > MAX_BODY_BYTES ? null : body;
  }
}
