package com.sqm.secret;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/** Chooses the secret store from the environment. */
public final class SecretStores {
  /** The directory of the local secret store; unset when deployed (Secrets Manager). */
  public static final String LOCAL_DIRECTORY_SETTING = "SQM_SECRETS_DIR";

  /** Seconds a value read from Secrets Manager is cached (default 300; 0 reads every time). */
  public static final String CACHE_TTL_SETTING = "SQM_SECRETS_CACHE_TTL_SECONDS";

  private SecretStores() {}

  /**
   * The local store in {@code SQM_SECRETS_DIR} when it is set (the local runner sets it to {@code
   * <data-dir>/secrets}), else AWS Secrets Manager with the cache time to live of {@code
   * SQM_SECRETS_CACHE_TTL_SECONDS}. The Secrets Manager client takes its endpoint from the SDK's
   * own settings ({@code AWS_ENDPOINT_URL_SECRETS_MANAGER}, e.g. LocalStack's).
   *
   * @throws IllegalStateException when {@code SQM_SECRETS_CACHE_TTL_SECONDS} is not a whole number
   *     of at least 0
   */
  public static SecretStore fromEnvironment(Function<String, String> env) {
    String directory = env.apply(LOCAL_DIRECTORY_SETTING);
    if (directory != null && !directory.isBlank()) {
      return new LocalSecretStore(Path.of(directory.strip()));
    }
    return new AwsSecretsManagerStore(cacheTtl(env));
  }

  /** The cache time to live {@code SQM_SECRETS_CACHE_TTL_SECONDS} sets, or the default. */
  public static Duration cacheTtl(Function<String, String> env) {
    String value = env.apply(CACHE_TTL_SETTING);
    if (value == null || value.isBlank()) {
      return AwsSecretsManagerStore.DEFAULT_CACHE_TTL;
    }
    try {
      long seconds = Long.parseLong(value.strip());
      if (seconds < 0) {
        throw new NumberFormatException(value);
      }
      return Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          CACHE_TTL_SETTING + " must be a whole number of seconds, at least 0", e);
    }
  }
}
