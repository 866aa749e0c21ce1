package com.sqm.ai;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Acronyms the caller's instructions define ("ASP = Average Sale Price", "TAC (total active
 * customers) = ..."): the question is read with the words they stand for. Only a definition whose
 * first words spell the acronym counts; a formula is not understood, so its acronym stays and the
 * question is declined naming it.
 */
final class Glossary {
  private static final Pattern DEFINITION =
      Pattern.compile(
          "\\b([A-Z]{2,6})\\s*(?:\\(([^)]*)\\))?\\s*(?:=|:|\\bmeans\\b)\\s*([^\\n.;=]*)");

  private Glossary() {}

  /** {@code question} with each acronym the instructions define replaced by its words. */
  static String expand(String question, String instructions) {
    if (question == null || instructions == null || instructions.isBlank()) {
      return question;
    }
    String out = question;
    for (Map.Entry<String, String> e : definitions(instructions).entrySet()) {
      out =
          out.replaceAll(
              "\\b" + Pattern.quote(e.getKey()) + "\\b", Matcher.quoteReplacement(e.getValue()));
    }
    return out;
  }

  static Map<String, String> definitions(String instructions) {
    Map<String, String> terms = new LinkedHashMap<>();
    Matcher m = DEFINITION.matcher(instructions);
    while (m.find()) {
      String acronym = m.group(1);
      for (String text : new String[] {m.group(2), m.group(3)}) {
        String words = spelled(acronym, text);
        if (words != null) {
          terms.putIfAbsent(acronym, words);
          break;
        }
      }
    }
    return terms;
  }

  /** The first words of {@code text} when their initials spell {@code acronym}; else null. */
  private static String spelled(String acronym, String text) {
    if (text == null) {
      return null;
    }
    List<String> words = List.of(text.strip().split("\\s+"));
    if (words.size() < acronym.length()) {
      return null;
    }
    for (int i = 0; i < acronym.length(); i++) {
      String w = words.get(i);
      if (w.isEmpty()
          || Character.toLowerCase(w.charAt(0)) != Character.toLowerCase(acronym.charAt(i))
          || !w.chars().allMatch(Character::isLetter)) {
        return null;
      }
    }
    return String.join(" ", words.subList(0, acronym.length())).toLowerCase(Locale.ROOT);
  }
}
