package com.sqm.secret;

import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The deployed secret store: AWS Secrets Manager, by secret name or ARN. The client is built on
 * first use, so functions that never resolve a secret never build it.
 */
public final class AwsSecretsManagerStore implements SecretStore {
  private final Supplier<SecretsManagerClient> clients;
  private volatile SecretsManagerClient client;

  /** With a client for the function's region and credentials, built on first use. */
  public AwsSecretsManagerStore() {
    this(
        () ->
            SecretsManagerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build());
  }

  public AwsSecretsManagerStore(Supplier<SecretsManagerClient> clients) {
    this.clients = clients;
  }

  @Override
  public String value(String name) {
    try {
      String value = client().getSecretValue(b -> b.secretId(name)).secretString();
      if (value == null || value.isBlank()) {
        throw new SqmException(
            ErrorCode.DATASOURCE_ERROR,
            "secret '" + name + "' holds no text value",
            "connectionRef");
      }
      return value;
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

  private SecretsManagerClient client() {
    SecretsManagerClient current = client;
    if (current == null) {
      synchronized (this) {
        if (client == null) {
          client = clients.get();
        }
        current = client;
      }
    }
    return current;
  }
}
