package com.sqm.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One case of {@code sql/adversarial-cases.txt}: a name, the SQL and the outcome it must have. */
record AdversarialCase(String name, String sql, Outcome outcome, String rule) {
  /** What the safety layers must do with the SQL. */
  enum Outcome {
    REJECTED,
    TOO_EXPENSIVE,
    TIMEOUT,
    EXECUTED,
    ERROR
  }

  private static final Pattern CHARACTER = Pattern.compile("\\{U\\+([0-9A-Fa-f]{4})}");

  static List<AdversarialCase> all() {
    try (InputStream in = AdversarialCase.class.getResourceAsStream("/sql/adversarial-cases.txt")) {
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<AdversarialCase> parse(String text) {
    List<AdversarialCase> cases = new ArrayList<>();
    String name = null;
    String expect = null;
    StringBuilder sql = new StringBuilder();
    for (String line : (text + "\n### end").split("\n", -1)) {
      if (line.startsWith("### ")) {
        if (name != null) {
          cases.add(of(name, expect, sql.toString()));
        }
        name = line.substring(4).strip();
        expect = null;
        sql.setLength(0);
      } else if (name != null && expect == null && line.startsWith("expect:")) {
        expect = line.substring("expect:".length()).strip();
      } else if (name != null && !(sql.length() == 0 && line.startsWith("#"))) {
        sql.append(sql.length() == 0 ? "" : "\n").append(line);
      }
    }
    return List.copyOf(cases);
  }

  private static AdversarialCase of(String name, String expect, String rawSql) {
    if (expect == null) {
      throw new IllegalStateException("case '" + name + "' has no expect: line");
    }
    String[] parts = expect.split("\\s+");
    Outcome outcome = Outcome.valueOf(parts[0]);
    String rule = parts.length > 1 ? parts[1] : null;
    if ((outcome == Outcome.REJECTED) != (rule != null)) {
      throw new IllegalStateException(
          "case '" + name + "': REJECTED needs a rule, other outcomes none");
    }
    // blank lines and section comments between cases are not part of the SQL
    String sql = rawSql.replaceAll("(?s)\\n(\\s*\\n|##[^\\n]*\\n?)*\\s*$", "");
    Matcher m = CHARACTER.matcher(sql);
    StringBuilder decoded = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          decoded,
          Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
    }
    m.appendTail(decoded);
    return new AdversarialCase(name, decoded.toString(), outcome, rule);
  }

  @Override
  public String toString() {
    return name;
  }
}
