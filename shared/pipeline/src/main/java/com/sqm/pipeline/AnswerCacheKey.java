package com.sqm.pipeline;

import com.sqm.model.FollowUp;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Cache keys for answers: the data source, the question with case, spacing and trailing punctuation
 * folded, the caller's instructions, the earlier query of a follow-up, the engine and the row cap.
 * Questions that differ only in case, spacing or trailing punctuation share an answer.
 */
final class AnswerCacheKey {
  private static final String PREFIX = "sqm:answer:v2:";

  private AnswerCacheKey() {}

  static String of(
      String dataSourceId,
      String question,
      String instructions,
      FollowUp followUp,
      String engine,
      int rowCap) {
    String normalised =
        question
            .toLowerCase(Locale.ROOT)
            .replaceAll("\\s+", " ")
            .replaceAll("[?.!\\s]+$", "")
            .trim();
    // Instructions and the earlier query change the answer: they are part of the key.
    String context =
        (instructions == null ? "" : instructions)
            + "\n"
            + (followUp == null ? "" : followUp.question() + "\n" + followUp.sql());
    return PREFIX
        + dataSourceId
        + ":"
        + sha256(engine + "\n" + rowCap + "\n" + normalised + "\n" + context);
  }

  private static String sha256(String s) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
