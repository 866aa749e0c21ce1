package com.sqm.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.cache.ResultCache;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers kept in the result cache as JSON under an {@link AnswerCacheKey} (which names the data
 * source, question, instructions, follow-up, engine and row cap), each signed with an HMAC over
 * that key and the answer. The signing key is kept outside Redis, so whoever can write to Redis
 * cannot plant an answer: an entry whose signature does not verify is dropped, logged, and the
 * question is answered afresh.
 */
final class AnswerCache {
  private static final Logger log = LoggerFactory.getLogger(AnswerCache.class);
  private static final String HMAC = "HmacSHA256";

  private final ResultCache cache;
  private final Duration ttl;
  private final ObjectMapper json;
  private final SecretKeySpec signingKey;

  AnswerCache(ResultCache cache, Duration ttl, ObjectMapper json, byte[] signingKey) {
    this.cache = cache;
    this.ttl = ttl;
    this.json = json;
    this.signingKey = new SecretKeySpec(signingKey.clone(), HMAC);
  }

  Optional<CachedAnswer> get(String key) {
    return cache.get(key).flatMap(value -> verified(key, value)).flatMap(this::decode);
  }

  /** The answer's JSON of a stored {@code signature.json}, if the signature is this key's. */
  private Optional<String> verified(String key, String value) {
    int dot = value.indexOf('.');
    if (dot > 0) {
      byte[] claimed = value.substring(0, dot).getBytes(StandardCharsets.US_ASCII);
      String body = value.substring(dot + 1);
      if (MessageDigest.isEqual(claimed, sign(key, body).getBytes(StandardCharsets.US_ASCII))) {
        return Optional.of(body);
      }
    }
    log.warn("dropped a cached answer whose signature does not verify; answering afresh");
    return Optional.empty();
  }

  private String sign(String key, String body) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(signingKey);
      mac.update(key.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) '\n');
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }

  void put(String key, Answer answer) {
    CachedAnswer cached =
        new CachedAnswer(
            answer.engine(),
            answer.analysis(),
            answer.sql(),
            answer.result(),
            answer.summary(),
            answer.visualization());
    try {
      String body = json.writeValueAsString(cached);
      cache.put(key, sign(key, body) + "." + body, ttl);
    } catch (JsonProcessingException e) {
      log.warn("answer not cached: it could not be serialised");
    }
  }

  private Optional<CachedAnswer> decode(String value) {
    try {
      return Optional.of(json.readValue(value, CachedAnswer.class));
    } catch (JsonProcessingException e) {
      log.warn("ignoring an unreadable cache entry");
      return Optional.empty();
    }
  }
}
