package com.sqm.secret;

import com.amazonaws.secretsmanager.caching.SecretCache;
import com.amazonaws.secretsmanager.caching.SecretCacheConfiguration;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The deployed secret store: AWS Secrets Manager, by secret name or ARN, through AWS's client-side
 * cache ({@code aws-secretsmanager-caching-java}): a value is read again once its time to live has
 * passed, or at once through {@link #refreshedValue}. The cache follows the secret's {@code
 * AWSCURRENT} version (DescribeSecret, then GetSecretValue of that version), so a rotation is seen
 * as a new version. The client is built on first use, so functions that never resolve a secret
 * never build it.
 */
public final class AwsSecretsManagerStore implements SecretStore {
  /** How long a value is trusted by default before the cache asks Secrets Manager again. */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);

  /**
   * How long a forced refresh waits at most before it asks (the library's guard against a caller
   * that refreshes in a loop); short, as a refused login waits for it.
   */
  public static final Duration DEFAULT_REFRESH_JITTER = Duration.ofMillis(200);

  private final Supplier<SecretsManagerClient> clients;
  private final Duration cacheTtl;
  private final Duration refreshJitter;
  private volatile SecretCache cache;

  /** With a client for the function's region and credentials and the default time to live. */
  public AwsSecretsManagerStore() {
    this(DEFAULT_CACHE_TTL);
  }

  /** With a client for the function's region and credentials, built on first use. */
  public AwsSecretsManagerStore(Duration cacheTtl) {
    this(
        () ->
            SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build(),
        cacheTtl,
        DEFAULT_REFRESH_JITTER);
  }

  /**
   * @param clients builds the client on first use
   * @param cacheTtl how long a value is served from the cache; zero asks every time
   * @param refreshJitter the most a {@link #refreshedValue} waits before it asks
   */
  public AwsSecretsManagerStore(
      Supplier<SecretsManagerClient> clients, Duration cacheTtl, Duration refreshJitter) {
    if (cacheTtl.isNegative() || refreshJitter.isNegative()) {
      throw new IllegalArgumentException(
          "the cache's time to live and jitter must not be negative");
    }
    this.clients = clients;
    this.cacheTtl = cacheTtl;
    this.refreshJitter = refreshJitter;
  }

  public Duration cacheTtl() {
    return cacheTtl;
  }

  @Override
  public String value(String name) {
    return read(name, false);
  }

  /** Asks Secrets Manager for the secret's current version now, and caches what it says. */
  @Override
  public String refreshedValue(String name) {
    return read(name, true);
  }

  private String read(String name, boolean refresh) {
    try {
      SecretCache secrets = cache();
      if (refresh) {
        // A failed refresh keeps the cached value, which the read below then reports or returns.
        secrets.refreshNow(name);
      }
      String value = secrets.getSecretString(name);
      if (value == null || value.isBlank()) {
        throw new SqmException(
            ErrorCode.DATASOURCE_ERROR,
            "secret '" + name + "' holds no text value",
            "connectionRef");
      }
      return value;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SqmException(
          ErrorCode.DATASOURCE_ERROR,
          "reading secret '" + name + "' was interrupted",
          "connectionRef",
          e);
    } catch (ResourceNotFoundException e) {
      throw new SqmException(
          ErrorCode.DATASOURCE_ERROR, "there is no secret '" + name + "'", "connectionRef");
    } catch (SdkException e) {
      // The SDK's message names the secret and the failure, never the value.
      throw new SqmException(
          ErrorCode.DATASOURCE_ERROR,
          "secret '" + name + "' cannot be read from Secrets Manager",
          "connectionRef",
          e);
    }
  }

  private SecretCache cache() {
    SecretCache current = cache;
    if (current == null) {
      synchronized (this) {
        if (cache == null) {
          cache =
              new SecretCache(
                  new SecretCacheConfiguration()
                      .withClient(clients.get())
                      .withCacheItemTTL(cacheTtl.toMillis())
                      .withForceRefreshJitterMillis(refreshJitter.toMillis()));
        }
        current = cache;
      }
    }
    return current;
  }
}
