package com.sqm.local.gateway;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Splits a path into its segments and decodes them the way API Gateway fills path parameters. */
final class PathSegments {
  private PathSegments() {}

  /**
   * "/users/a/queries" → [users, a, queries]; "/" → []; a trailing slash keeps an empty segment.
   */
  static List<String> split(String path) {
    if (path.equals("/")) {
      return List.of();
    }
    return Arrays.asList(path.substring(1).split("/", -1));
  }

  // '+' is a literal plus in a path (only queries use it for a space).
  static String decode(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /**
   * "path" or "query string" when that part holds a malformed percent-escape, escapes that are not
   * UTF-8, or a control character (NUL included); null when both are well formed.
   */
  static String malformedPart(String rawPath, String rawQuery) {
    for (String segment : split(rawPath == null ? "/" : rawPath)) {
      if (strictDecode(segment) == null) {
        return "path";
      }
    }
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String part : rawQuery.split("[&=]", -1)) {
        if (strictDecode(part.replace('+', ' ')) == null) {
          return "query string";
        }
      }
    }
    return null;
  }

  /** Percent-decodes as UTF-8, or null when the text is malformed or holds a control character. */
  static String strictDecode(String raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    int i = 0;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return null;
        }
        int high = Character.digit(raw.charAt(i + 1), 16);
        int low = Character.digit(raw.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          return null;
        }
        bytes.write(high * 16 + low);
        i += 3;
      } else if (c > 0x7f) {
        int codePoint = raw.codePointAt(i);
        byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
        i += Character.charCount(codePoint);
      } else {
        bytes.write(c);
        i++;
      }
    }
    String decoded;
    try {
      decoded =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray()))
              .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    return decoded.chars().anyMatch(Character::isISOControl) ? null : decoded;
  }
}
