package com.sqm.local.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends bytes no HTTP client would send (broken request lines, bad escapes, megabyte headers) and
 * reads what the server answers before it closes the connection.
 */
final class RawHttp {
  private RawHttp() {}

  /** A response as read off the wire: status code, header fields (names lower-cased), body. */
  record Response(String raw, int status, Map<String, String> headers, String body) {}

  /**
   * Writes {@code request} from another thread while reading, so a server that answers and closes
   * before reading everything is seen answering, not as a stuck write; then parses the answer.
   */
  static Response exchange(int port, String request) throws Exception {
    byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      Thread writer =
          new Thread(
              () -> {
                try {
                  out.write(bytes);
                  out.flush();
                  socket.shutdownOutput();
                } catch (IOException closedByServer) {
                  // expected when the server answers before reading the whole request
                }
              });
      writer.start();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          received.write(buffer, 0, n);
        }
      } catch (SocketException reset) {
        // the server closed with unread request bytes: the client sees a reset after the answer
      }
      socket.close();
      writer.join(10_000);
      return parse(received.toString(StandardCharsets.UTF_8));
    }
  }

  private static Response parse(String raw) {
    int headEnd = raw.indexOf("\r\n\r\n");
    if (!raw.startsWith("HTTP/1.1 ") || headEnd < 0) {
      return new Response(raw, -1, Map.of(), raw);
    }
    String[] lines = raw.substring(0, headEnd).split("\r\n");
    int status = Integer.parseInt(lines[0].substring(9, 12));
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    return new Response(raw, status, headers, raw.substring(headEnd + 4));
  }
}
