package com.sqm.pipeline;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key cached answers are signed with, kept outside Redis: {@code SQM_CACHE_SIGNING_KEY} (a
 * secret of at least 32 characters, the same for every instance so they share answers), or a random
 * key of this process when none is set (answers are then shared by nobody else).
 */
public final class CacheSigningKey {
  public static final String SETTING = "SQM_CACHE_SIGNING_KEY";
  static final int MIN_LENGTH = 32;
  private static final Logger log = LoggerFactory.getLogger(CacheSigningKey.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private CacheSigningKey() {}

  /** The configured key, or a random one with a note in the log. */
  public static byte[] from(Function<String, String> env) {
    String configured = env.apply(SETTING);
    if (configured == null || configured.isBlank()) {
      log.info(
          "{} is not set: cached answers are signed with a key of this process and shared with no"
              + " other instance",
          SETTING);
      return random();
    }
    String key = configured.strip();
    if (key.length() < MIN_LENGTH) {
      throw new IllegalStateException(
          SETTING + " must be at least " + MIN_LENGTH + " characters of secret");
    }
    return key.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] random() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return key;
  }
}
