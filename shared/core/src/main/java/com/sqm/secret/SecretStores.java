package com.sqm.secret;

import java.nio.file.Path;
import java.util.function.Function;

/** Chooses the secret store from the environment. */
public final class SecretStores {
  /** The directory of the local secret store; unset when deployed (Secrets Manager). */
  public static final String LOCAL_DIRECTORY_SETTING = "SQM_SECRETS_DIR";

  private SecretStores() {}

  /**
   * The local store in {@code SQM_SECRETS_DIR} when it is set (the local runner sets it to {@code
   * <data-dir>/secrets}), else AWS Secrets Manager.
   */
  public static SecretStore fromEnvironment(Function<String, String> env) {
    String directory = env.apply(LOCAL_DIRECTORY_SETTING);
    if (directory != null && !directory.isBlank()) {
      return new LocalSecretStore(Path.of(directory.strip()));
    }
    return new AwsSecretsManagerStore();
  }
}
