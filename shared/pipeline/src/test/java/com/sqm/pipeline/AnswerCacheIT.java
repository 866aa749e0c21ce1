package com.sqm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.sqm.cache.RedisResultCache;
import com.sqm.config.Json;
import com.sqm.embedded.SharedTestServices;
import com.sqm.model.AIAnalysis;
import com.sqm.model.ColumnMeta;
import com.sqm.model.DataResult;
import com.sqm.model.QueryType;
import com.sqm.model.TokenUsage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Signed answers in the real redis-server: only what this key signed is ever served. */
class AnswerCacheIT {
  private static final byte[] KEY =
      "a-signing-key-of-at-least-thirty-two-chars".getBytes(StandardCharsets.UTF_8);
  private static RedisResultCache redis;

  @BeforeAll
  static void connect() {
    redis = RedisResultCache.connect(SharedTestServices.redis().url());
  }

  @AfterAll
  static void close() {
    redis.close();
  }

  @Test
  void shouldServeTheAnswer_whenItWasSignedWithThisKey() {
    AnswerCache cache = cache(KEY);
    String key = uniqueKey();

    cache.put(key, answer("Germany", 42));

    assertThat(cache.get(key))
        .hasValueSatisfying(a -> assertThat(a.summary()).isEqualTo("Germany: 42"));
  }

  @Test
  void shouldDropTheEntry_whenSomeoneWithRedisAccessChangedTheAnswer() {
    AnswerCache cache = cache(KEY);
    String key = uniqueKey();
    cache.put(key, answer("Germany", 42));
    String stored = redis.get(key).orElseThrow();

    redis.put(key, stored.replace("Germany: 42", "Germany: 999"), Duration.ofMinutes(1));

    assertThat(cache.get(key)).isEmpty();
  }

  @Test
  void shouldDropTheEntry_whenItIsUnsignedOrSignedWithAnotherKey() {
    AnswerCache cache = cache(KEY);
    AnswerCache forger =
        cache("another-key-that-is-also-long-enough-to-use".getBytes(StandardCharsets.UTF_8));
    String forged = uniqueKey();
    String unsigned = uniqueKey();
    forger.put(forged, answer("Atlantis", 1));
    String signedBody = redis.get(forged).orElseThrow();
    redis.put(unsigned, signedBody.substring(signedBody.indexOf('.') + 1), Duration.ofMinutes(1));

    assertThat(cache.get(forged)).isEmpty();
    assertThat(cache.get(unsigned)).isEmpty();
  }

  @Test
  void shouldNotServeAnAnswerUnderAnotherQuestionsKey_whenItsEntryIsCopiedThere() {
    AnswerCache cache = cache(KEY);
    String germany = uniqueKey();
    String france = uniqueKey();
    cache.put(germany, answer("Germany", 42));

    // The signature covers the key: the whole entry moved under another question fails.
    redis.put(france, redis.get(germany).orElseThrow(), Duration.ofMinutes(1));

    assertThat(cache.get(france)).isEmpty();
  }

  private static AnswerCache cache(byte[] key) {
    return new AnswerCache(redis, Duration.ofMinutes(1), Json.mapper(), key);
  }

  private static String uniqueKey() {
    return "test:answer:" + UUID.randomUUID();
  }

  private static Answer answer(String country, int orders) {
    AIAnalysis analysis =
        new AIAnalysis(
            QueryType.AGGREGATE,
            "orders by country",
            List.of("orders"),
            List.of("count"),
            List.of("country"),
            List.of(),
            null,
            0.9);
    DataResult rows =
        new DataResult(
            List.of(new ColumnMeta("country", "text"), new ColumnMeta("orders", "int8")),
            List.of(List.of(country, orders)),
            1,
            false);
    return new Answer(
        "offline",
        analysis,
        "SELECT country, count(*) AS orders FROM orders GROUP BY 1",
        List.of(),
        rows,
        country + ": " + orders,
        AnswerPresenter.SummarySource.DETERMINISTIC,
        null,
        TokenUsage.NONE);
  }
}
