package com.sqm.ai;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Groups of words a question uses for the same idea ("revenue", "sales", "turnover"). */
final class Synonyms {
  // Words a question uses for the same idea; a word may belong to several groups.
  private static final List<Set<String>> SYNONYM_GROUPS =
      List.of(
          Set.of(
              "revenue",
              "sale",
              "sell",
              "spend",
              "spent",
              "spending",
              "amount",
              "value",
              "price",
              "turnover",
              "income",
              "earning",
              "earn",
              "paid",
              "pay",
              "payment",
              "money",
              "total",
              "cost",
              "eur",
              "usd",
              "dollar",
              "euro"),
          Set.of("customer", "client", "buyer", "shopper", "purchaser", "consumer"),
          Set.of("product", "article", "item", "good", "merchandise"),
          Set.of("order", "purchase", "transaction", "bought", "buy"),
          Set.of("country", "nation"),
          Set.of("city", "town"),
          Set.of("category", "department", "group", "type", "kind", "class", "segment"),
          Set.of("quantity", "unit", "volume", "qty", "sold"),
          Set.of(
              "employee",
              "staff",
              "salesperson",
              "seller",
              "representative",
              "rep",
              "agent",
              "worker"),
          Set.of("name", "title", "label"),
          Set.of("signup", "register", "registered", "join", "joined", "signed"),
          Set.of("date", "day", "time", "when"));

  private static final Map<String, Set<Integer>> GROUPS_OF_WORD = new HashMap<>();

  static {
    for (int i = 0; i < SYNONYM_GROUPS.size(); i++) {
      for (String w : SYNONYM_GROUPS.get(i)) {
        GROUPS_OF_WORD.computeIfAbsent(w, k -> new HashSet<>()).add(i);
      }
    }
  }

  private Synonyms() {}

  static boolean same(String a, String b) {
    Set<Integer> ga = GROUPS_OF_WORD.get(a);
    Set<Integer> gb = GROUPS_OF_WORD.get(b);
    if (ga == null || gb == null) {
      return false;
    }
    for (Integer g : ga) {
      if (gb.contains(g)) {
        return true;
      }
    }
    return false;
  }

  static boolean anyOf(String stem, Set<String> stems) {
    for (String s : stems) {
      if (same(stem, s)) {
        return true;
      }
    }
    return false;
  }

  static boolean isMoney(String stem) {
    return SYNONYM_GROUPS.get(0).contains(stem);
  }
}
