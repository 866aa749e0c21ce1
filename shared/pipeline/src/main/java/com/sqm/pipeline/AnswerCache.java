package com.sqm.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sqm.cache.ResultCache;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers kept in the result cache as JSON, under an {@link AnswerCacheKey}. */
final class AnswerCache {
  private static final Logger log = LoggerFactory.getLogger(AnswerCache.class);

  private final ResultCache cache;
  private final Duration ttl;
  private final ObjectMapper json;

  AnswerCache(ResultCache cache, Duration ttl, ObjectMapper json) {
    this.cache = cache;
    this.ttl = ttl;
    this.json = json;
  }

  Optional<CachedAnswer> get(String key) {
    return cache.get(key).flatMap(this::decode);
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
      cache.put(key, json.writeValueAsString(cached), ttl);
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
