package com.sqm.sql;

/**
 * Reads SQL the way PostgreSQL's lexer does, so the text the parser validates is the text the
 * server runs: comments (nested block comments included) become spaces, trailing semicolons are
 * dropped, and constructs whose meaning the Java parser could see differently (dollar quotes,
 * backslash escapes, Unicode escapes, parameters) are refused before parsing.
 */
final class PostgresLexer {
  private final String in;
  private final StringBuilder out;
  private int pos;

  private PostgresLexer(String in) {
    this.in = in;
    this.out = new StringBuilder(in.length());
  }

  /** Returns the normalised text of a single statement, or throws {@link SqlRejectedException}. */
  static String normalise(String sql) {
    if (sql == null || sql.isBlank()) {
      throw new SqlRejectedException("EMPTY_STATEMENT", "no SQL was given");
    }
    if (sql.indexOf('\0') >= 0) {
      throw new SqlRejectedException("UNPARSEABLE", "NUL characters are not allowed");
    }
    PostgresLexer lexer = new PostgresLexer(sql);
    lexer.scan();
    String text = lexer.out.toString().strip();
    if (text.isEmpty()) {
      throw new SqlRejectedException(
          "EMPTY_STATEMENT", "the SQL contains only comments or semicolons");
    }
    return text;
  }

  private void scan() {
    while (pos < in.length()) {
      char c = in.charAt(pos);
      if (c == '-' && peek(1) == '-') {
        skipLineComment();
      } else if (c == '/' && peek(1) == '*') {
        skipBlockComment();
      } else if (c == '\'') {
        standardString();
      } else if (c == '"') {
        quotedIdentifier();
      } else if (c == '$') {
        throw new SqlRejectedException(
            "DOLLAR_QUOTE", "dollar-quoted strings and $n parameters are not allowed");
      } else if (c == ';') {
        semicolon();
      } else if (c >= 0x80) {
        throw new SqlRejectedException(
            "NON_ASCII_OUTSIDE_QUOTES",
            "non-ASCII characters are only allowed inside string literals and quoted identifiers");
      } else if (c < 0x20 && !isSpace(c)) {
        throw new SqlRejectedException("UNPARSEABLE", "control characters are not allowed");
      } else if (isIdentStart(c)) {
        identifierOrPrefixedString();
      } else if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
        number();
      } else {
        emit(c);
        pos++;
      }
    }
  }

  private void semicolon() {
    pos++;
    // anything but whitespace and comments after a semicolon is a second statement
    int saved = out.length();
    while (pos < in.length()) {
      char c = in.charAt(pos);
      if (isSpace(c) || c == ';') {
        pos++;
      } else if (c == '-' && peek(1) == '-') {
        skipLineComment();
      } else if (c == '/' && peek(1) == '*') {
        skipBlockComment();
      } else {
        throw new SqlRejectedException("MULTIPLE_STATEMENTS", "only one statement is allowed");
      }
    }
    out.setLength(saved);
  }

  private void skipLineComment() {
    while (pos < in.length() && in.charAt(pos) != '\n' && in.charAt(pos) != '\r') {
      pos++;
    }
    out.append(' ');
  }

  private void skipBlockComment() {
    int depth = 0;
    while (pos < in.length()) {
      if (in.charAt(pos) == '/' && peek(1) == '*') {
        depth++;
        pos += 2;
      } else if (in.charAt(pos) == '*' && peek(1) == '/') {
        depth--;
        pos += 2;
        if (depth == 0) {
          out.append(' ');
          return;
        }
      } else {
        pos++;
      }
    }
    throw new SqlRejectedException("UNPARSEABLE", "unterminated block comment");
  }

  private void standardString() {
    int start = pos;
    pos++;
    while (pos < in.length()) {
      if (in.charAt(pos) == '\'') {
        if (peek(1) == '\'') {
          pos += 2;
          continue;
        }
        pos++;
        out.append(in, start, pos);
        return;
      }
      pos++;
    }
    throw new SqlRejectedException("UNPARSEABLE", "unterminated string literal");
  }

  private void quotedIdentifier() {
    int start = pos;
    pos++;
    while (pos < in.length()) {
      if (in.charAt(pos) == '"') {
        if (peek(1) == '"') {
          pos += 2;
          continue;
        }
        pos++;
        if (pos - start == 2) {
          throw new SqlRejectedException("UNPARSEABLE", "zero-length quoted identifier");
        }
        out.append(in, start, pos);
        return;
      }
      pos++;
    }
    throw new SqlRejectedException("UNPARSEABLE", "unterminated quoted identifier");
  }

  private void identifierOrPrefixedString() {
    char c = Character.toLowerCase(in.charAt(pos));
    if (c == 'u' && peek(1) == '&' && (peek(2) == '\'' || peek(2) == '"')) {
      throw new SqlRejectedException(
          "UNICODE_ESCAPE", "Unicode-escaped strings and identifiers (U&) are not allowed");
    }
    if (c == 'e' && peek(1) == '\'') {
      escapeString();
      return;
    }
    if ((c == 'b' || c == 'x' || c == 'n') && peek(1) == '\'') {
      emit(in.charAt(pos));
      pos++;
      standardString();
      return;
    }
    int start = pos;
    while (pos < in.length() && isIdentPart(in.charAt(pos))) {
      pos++;
    }
    out.append(in, start, pos);
  }

  private void escapeString() {
    int start = pos;
    pos += 2;
    while (pos < in.length()) {
      char c = in.charAt(pos);
      if (c == '\\') {
        throw new SqlRejectedException(
            "ESCAPE_STRING", "backslash escapes in E'...' strings are not allowed");
      }
      if (c == '\'') {
        if (peek(1) == '\'') {
          pos += 2;
          continue;
        }
        pos++;
        // without backslashes an E-string means the same as a standard string
        out.append(in, start + 1, pos);
        return;
      }
      pos++;
    }
    throw new SqlRejectedException("UNPARSEABLE", "unterminated string literal");
  }

  private void number() {
    int start = pos;
    while (pos < in.length() && isDigit(in.charAt(pos))) {
      pos++;
    }
    if (pos < in.length() && in.charAt(pos) == '.' && peek(1) != '.') {
      pos++;
      while (pos < in.length() && isDigit(in.charAt(pos))) {
        pos++;
      }
    }
    // PostgreSQL takes an exponent only when digits follow; "1e'x'" is 1 followed by an E-string
    if (pos < in.length() && (in.charAt(pos) == 'e' || in.charAt(pos) == 'E')) {
      int p = pos + 1;
      if (p < in.length() && (in.charAt(p) == '+' || in.charAt(p) == '-')) {
        p++;
      }
      if (p < in.length() && isDigit(in.charAt(p))) {
        pos = p;
        while (pos < in.length() && isDigit(in.charAt(pos))) {
          pos++;
        }
      }
    }
    out.append(in, start, pos);
    if (pos < in.length() && isIdentStart(in.charAt(pos))) {
      // PostgreSQL 14 reads "1abc" as "1 abc"; make that visible to the parser too
      out.append(' ');
    }
  }

  private void emit(char c) {
    out.append(c);
  }

  private char peek(int ahead) {
    int p = pos + ahead;
    return p < in.length() ? in.charAt(p) : '\0';
  }

  /** PostgreSQL's whitespace set; other control characters are not whitespace to the server. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isIdentPart(char c) {
    return isIdentStart(c) || isDigit(c) || c == '$';
  }
}
