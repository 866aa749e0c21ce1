package com.sqm.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;

class RedisEndpointTest {

  @Test
  void shouldUseTlsAndCheckTheHostName_whenSchemeIsRediss() {
    RedisEndpoint endpoint =
        RedisEndpoint.parse("rediss://cache.example.com:6380", Optional.of("token-1"));

    JedisClientConfig config = endpoint.clientConfig(500);

    assertThat(endpoint.tls()).isTrue();
    assertThat(endpoint.hostAndPort()).isEqualTo(new HostAndPort("cache.example.com", 6380));
    assertThat(config.isSsl()).isTrue();
    assertThat(config.getSslParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
    assertThat(config.getPassword()).isEqualTo("token-1");
    assertThat(config.getSocketTimeoutMillis()).isEqualTo(500);
  }

  @Test
  void shouldConnectInPlainText_whenSchemeIsRedis() {
    JedisClientConfig config =
        RedisEndpoint.parse("redis://127.0.0.1:6379", Optional.empty()).clientConfig(500);

    assertThat(config.isSsl()).isFalse();
    assertThat(config.getPassword()).isNull();
  }

  @Test
  void shouldTakeThePasswordFromTheUrl_whenNoneGivenApart() {
    RedisEndpoint endpoint =
        RedisEndpoint.parse("redis://:s3cret@127.0.0.1:6379/2", Optional.empty());

    assertThat(endpoint.password()).isEqualTo("s3cret");
    assertThat(endpoint.database()).isEqualTo(2);
  }

  @Test
  void shouldPreferThePasswordGivenApart_whenBothAreGiven() {
    RedisEndpoint endpoint = RedisEndpoint.parse("redis://:old@127.0.0.1:6379", Optional.of("new"));

    assertThat(endpoint.password()).isEqualTo("new");
  }

  @Test
  void shouldNotShowThePassword_whenPrinted() {
    RedisEndpoint endpoint =
        RedisEndpoint.parse("rediss://:s3cret@cache.example.com:6380", Optional.empty());

    assertThat(endpoint.toString())
        .isEqualTo("rediss://cache.example.com:6380 (with password)")
        .doesNotContain("s3cret");
  }

  @Test
  void shouldRejectWithoutQuotingTheUrl_whenSchemeIsNotRedis() {
    assertThatThrownBy(() -> RedisEndpoint.parse("http://:s3cret@127.0.0.1:6379", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rediss://")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void shouldRejectWithoutQuotingTheUrl_whenUrlDoesNotParse() {
    assertThatThrownBy(() -> RedisEndpoint.parse("redis://:s3 cret@host:1", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("s3 cret")
        .hasNoCause();
  }
}
