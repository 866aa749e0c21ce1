package com.sqm.webhook;

import com.sqm.config.EventSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * POSTs a webhook: the event as JSON, signed ({@link WebhookSignature}), to a callback URL checked
 * again by {@link CallbackUrlPolicy} just before the request. Short timeouts, redirects not
 * followed (a redirect could lead anywhere), the response body ignored; any 2xx is a delivery.
 *
 * <p>The check resolves the host right before the request, and the JVM's address cache (30 s) hands
 * the HTTP client that same answer, so a name that re-resolves to a private address after the check
 * is not followed within that window.
 */
public final class WebhookSender {
  public static final String EVENT_ID_HEADER = "Sqm-Event-Id";
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  /**
   * What became of one attempt: delivered, or not with why; {@code permanent} failures (a URL no
   * longer allowed, no secret to sign with) are not tried again.
   */
  public record Attempt(boolean delivered, boolean permanent, String error) {
    static final Attempt DELIVERED = new Attempt(true, false, null);

    static Attempt failed(String error) {
      return new Attempt(false, false, error);
    }

    static Attempt refused(String error) {
      return new Attempt(false, true, error);
    }
  }

  private final CallbackUrlPolicy policy;
  private final Optional<String> secret;
  private final HttpClient http;
  private final Clock clock;

  public WebhookSender(
      CallbackUrlPolicy policy, Optional<String> secret, HttpClient http, Clock clock) {
    this.policy = policy;
    this.secret = secret;
    this.http = http;
    this.clock = clock;
  }

  /**
   * A sender with the settings' rules, signing with {@code secret} (the settings' secret, a
   * reference already read), on an HTTP client that follows no redirect.
   */
  public static WebhookSender create(EventSettings settings, Optional<String> secret, Clock clock) {
    return new WebhookSender(
        CallbackUrlPolicy.from(settings),
        secret,
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(CONNECT_TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1)
            .build(),
        clock);
  }

  /** Sends {@code body} (the event {@code eventId} as JSON) to {@code callbackUrl} once. */
  public Attempt send(String callbackUrl, UUID eventId, String body) {
    if (secret.isEmpty()) {
      return Attempt.refused("no webhook secret is configured (SQM_WEBHOOK_SECRET)");
    }
    URI url;
    try {
      url = policy.check(callbackUrl);
    } catch (CallbackRefusedException e) {
      return Attempt.refused(e.getMessage());
    }
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .header("User-Agent", "sqm-webhook/1")
            .header(EVENT_ID_HEADER, eventId.toString())
            .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
            .header(
                WebhookSignature.SIGNATURE_HEADER,
                WebhookSignature.sign(secret.get(), timestamp, body))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status >= 200 && status < 300) {
        return Attempt.DELIVERED;
      }
      return Attempt.failed(
          status >= 300 && status < 400
              ? "the callback answered " + status + " (redirects are not followed)"
              : "the callback answered " + status);
    } catch (IOException e) {
      return Attempt.failed("the callback could not be reached: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Attempt.failed("interrupted while calling the callback");
    }
  }
}
