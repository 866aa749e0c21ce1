package com.sqm.config;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** How the functions build their AWS SDK clients: one configuration for every service. */
public final class AwsClients {
  private AwsClients() {}

  /**
   * {@code builder} on the lightweight URL-connection HTTP client with short timeouts, in {@code
   * region}. With an {@code endpoint} override (ElasticMQ, LocalStack, tests) it signs with fixed
   * dummy credentials, which such endpoints accept; otherwise it uses the function's role through
   * the default provider chain.
   */
  public static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder, String region, Optional<URI> endpoint) {
    builder
        .region(Region.of(region))
        .httpClientBuilder(
            UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5)))
        .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(10)));
    if (endpoint.isPresent()) {
      builder
          .endpointOverride(endpoint.get())
          .credentialsProvider(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    } else {
      builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    return builder;
  }
}
