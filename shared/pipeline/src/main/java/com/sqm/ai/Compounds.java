package com.sqm.ai;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Closed compounds of the schema written open in a question: "check-ins" for a table checkin, "sign
 * up date" for signup_date. Two adjacent words are written as one when together, and not apart,
 * they are a word of a table or column name.
 */
final class Compounds {
  private Compounds() {}

  /** The question with such word pairs joined ("check-ins" → "checkins"). */
  static String join(String question, SchemaVocabulary vocab) {
    if (question == null || question.isBlank()) {
      return question;
    }
    Set<String> names = new LinkedHashSet<>();
    vocab.tables.forEach(t -> names.addAll(t.nameStems));
    vocab.columns.forEach(c -> names.addAll(c.nameStems));
    List<String> words = Words.split(question);
    String out = question;
    for (int i = 0; i + 1 < words.size(); i++) {
      String a = words.get(i);
      String b = words.get(i + 1);
      if (a.chars().anyMatch(Character::isDigit) || b.chars().anyMatch(Character::isDigit)) {
        continue;
      }
      String joined = Words.stem(a + b);
      boolean apart = names.contains(Words.stem(a)) && names.contains(Words.stem(b));
      if (names.contains(joined) && !apart) {
        Matcher m =
            Pattern.compile("(?i)\\b(" + Pattern.quote(a) + ")[\\s-]+(" + Pattern.quote(b) + ")\\b")
                .matcher(out);
        out = m.replaceAll("$1$2");
      }
    }
    return out.toLowerCase(Locale.ROOT).equals(question.toLowerCase(Locale.ROOT)) ? question : out;
  }
}
