package com.sqm.secret;

import com.sqm.model.SqmException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A setting that holds either its value or {@code secret:NAME-OR-ARN}, a reference read from the
 * {@link SecretStore} when the setting is used, so the value never sits in the function's
 * configuration.
 */
public final class SecretReference {
  public static final String PREFIX = "secret:";

  private SecretReference() {}

  /**
   * The value {@code setting} stands for: {@code value} itself, or the secret it refers to (read
   * from the store {@code secrets} gives, which is only built for a reference).
   *
   * @param name the setting's name, for the error message
   * @throws IllegalStateException when the reference names no secret or the secret cannot be read;
   *     the message names the setting and the secret, never a value
   */
  public static Optional<String> resolve(
      String name, Optional<String> setting, Supplier<SecretStore> secrets) {
    if (setting.isEmpty() || !setting.get().strip().startsWith(PREFIX)) {
      return setting;
    }
    String secret = setting.get().strip().substring(PREFIX.length()).strip();
    if (secret.isEmpty()) {
      throw new IllegalStateException(name + " says secret: but names no secret");
    }
    try {
      return Optional.of(secrets.get().value(secret).strip());
    } catch (SqmException e) {
      throw new IllegalStateException(
          name + " refers to a secret that cannot be read: " + e.getMessage(), e);
    }
  }
}
