package com.sqm.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the sender refuses before any request is made (no network is used here). */
class WebhookSenderTest {
  @Test
  void shouldGiveUpWithoutSending_whenHostNowResolvesToPrivateAddress() {
    AtomicInteger lookups = new AtomicInteger();
    // Public at submit, the metadata address by the time the webhook is sent (DNS rebinding).
    HostResolver rebinding =
        host ->
            new InetAddress[] {
              InetAddress.getByName(
                  lookups.getAndIncrement() == 0 ? "93.184.216.34" : "169.254.169.254")
            };
    CallbackUrlPolicy policy = new CallbackUrlPolicy(false, Set.of(), rebinding);
    policy.check("https://hooks.example.com/x");
    WebhookSender sender =
        new WebhookSender(
            policy, Optional.of("secret"), HttpClient.newHttpClient(), Clock.systemUTC());

    WebhookSender.Attempt attempt =
        sender.send("https://hooks.example.com/x", UUID.randomUUID(), "{}");

    assertThat(attempt.delivered()).isFalse();
    assertThat(attempt.permanent()).isTrue();
    assertThat(attempt.error()).contains("link-local");
    assertThat(lookups).hasValue(2);
  }

  @Test
  void shouldGiveUpWithoutSending_whenNoSecretIsConfigured() {
    WebhookSender sender =
        new WebhookSender(
            new CallbackUrlPolicy(false, Set.of(), host -> new InetAddress[0]),
            Optional.empty(),
            HttpClient.newHttpClient(),
            Clock.systemUTC());

    WebhookSender.Attempt attempt =
        sender.send("https://hooks.example.com/x", UUID.randomUUID(), "{}");

    assertThat(attempt.permanent()).isTrue();
    assertThat(attempt.error()).contains("SQM_WEBHOOK_SECRET");
  }
}
