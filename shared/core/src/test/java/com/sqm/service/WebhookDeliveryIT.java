package com.sqm.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.AppConfig;
import com.sqm.config.Json;
import com.sqm.model.Caller;
import com.sqm.model.ColumnMeta;
import com.sqm.model.DataResult;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryRequest;
import com.sqm.model.SqmException;
import com.sqm.store.CompletionEventRepository.StoredEvent;
import com.sqm.testing.MutableClock;
import com.sqm.testing.RecordingHttpServer;
import com.sqm.testing.RecordingHttpServer.Received;
import com.sqm.testing.TestEnvironment;
import com.sqm.webhook.CallbackUrlPolicy;
import com.sqm.webhook.HostResolver;
import com.sqm.webhook.WebhookSender;
import com.sqm.webhook.WebhookSignature;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks end to end on the real store: a callback URL accepted at submit, the signed POST after
 * completion, retries on the injected clock (1 s, 5 s, 25 s) and giving up after the last attempt.
 * The receiver listens on 127.0.0.1, allowed by SQM_WEBHOOK_ALLOW_HTTP and the allowlist.
 */
class WebhookDeliveryIT {
  private static final String SECRET = "test-webhook-secret";
  private static final Map<String, String> WEBHOOKS =
      Map.of(
          "SQM_WEBHOOK_ALLOW_HTTP", "true",
          "SQM_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1",
          "SQM_WEBHOOK_SECRET", SECRET);

  private static TestEnvironment env;

  private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MICROS));
  private RecordingHttpServer receiver;
  private CompletionEventService service;

  @BeforeAll
  static void start() {
    env = TestEnvironment.create("webhook_delivery_it", WEBHOOKS);
  }

  @AfterAll
  static void stop() {
    env.close();
  }

  @BeforeEach
  void setUp() {
    env.deleteAllQueries();
    receiver = RecordingHttpServer.start();
    service =
        new CompletionEventService(
            env.components().completionEvents(),
            batch -> Map.of(),
            new WebhookSender(
                new CallbackUrlPolicy(true, Set.of("127.0.0.1"), HostResolver.SYSTEM),
                Optional.of(SECRET),
                HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .version(HttpClient.Version.HTTP_1_1)
                    .build(),
                clock),
            clock,
            CompletionEventService.Settings.DEFAULTS);
  }

  @AfterEach
  void tearDown() {
    receiver.close();
  }

  /** Submits a question with the receiver as its callback and completes it. */
  private UUID completedWithCallback() {
    UUID id =
        env.components()
            .submitService()
            .submit(
                Caller.user("alice"),
                new QueryRequest(
                    "How many orders?",
                    "demo",
                    null,
                    null,
                    null,
                    null,
                    receiver.baseUrl() + "/hooks/sqm"))
            .query()
            .id();
    env.components()
        .queries()
        .complete(
            id,
            new DataResult(List.of(new ColumnMeta("n", "bigint")), List.of(List.of(42)), 1, false),
            "There are 42 orders.",
            null);
    return id;
  }

  private StoredEvent eventOf(UUID id) {
    return env.components().completionEvents().findByQuery(id).orElseThrow();
  }

  @Test
  void shouldPostSignedEvent_whenQueryWithCallbackCompletes() throws Exception {
    UUID id = completedWithCallback();

    service.afterCompletion(id);

    assertThat(receiver.requests()).hasSize(1);
    Received request = receiver.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/hooks/sqm");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    long timestamp = Long.parseLong(request.header(WebhookSignature.TIMESTAMP_HEADER));
    assertThat(timestamp).isEqualTo(clock.instant().getEpochSecond());
    assertThat(
            WebhookSignature.verify(
                SECRET, timestamp, request.body(), request.header("Sqm-Signature")))
        .isTrue();
    JsonNode body = Json.mapper().readTree(request.body());
    StoredEvent stored = eventOf(id);
    assertThat(body.path("id").asText()).isEqualTo(stored.event().id().toString());
    assertThat(request.header(WebhookSender.EVENT_ID_HEADER))
        .isEqualTo(stored.event().id().toString());
    assertThat(body.path("source").asText()).isEqualTo("sqm");
    assertThat(body.path("detail-type").asText()).isEqualTo("QueryCompleted");
    assertThat(body.path("time").asText()).isNotBlank();
    assertThat(body.path("detail").path("id").asText()).isEqualTo(id.toString());
    assertThat(body.path("detail").path("status").asText()).isEqualTo("COMPLETED");
    assertThat(body.path("detail").path("summary").asText()).isEqualTo("There are 42 orders.");
    assertThat(stored.callbackUrl()).isEqualTo(receiver.baseUrl() + "/hooks/sqm");
    assertThat(stored.webhookDeliveredAt()).isNotNull();
    assertThat(stored.webhookDueAt()).isNull();
    assertThat(stored.webhookAttempts()).isEqualTo(1);
  }

  @Test
  void shouldRetryAfterTheBackoff_whenReceiverAnswers500() {
    receiver.answer(RecordingHttpServer.status(500), RecordingHttpServer.status(204));
    UUID id = completedWithCallback();

    service.afterCompletion(id);
    CompletionEventService.Sweep beforeBackoff = service.sweep();
    StoredEvent waiting = eventOf(id);
    clock.advance(Duration.ofSeconds(1));
    CompletionEventService.Sweep afterBackoff = service.sweep();

    assertThat(beforeBackoff.webhooksDelivered() + beforeBackoff.webhooksFailed()).isZero();
    assertThat(waiting.webhookError()).isEqualTo("the callback answered 500");
    assertThat(waiting.webhookDueAt()).isEqualTo(clock.instant());
    assertThat(afterBackoff.webhooksDelivered()).isEqualTo(1);
    assertThat(receiver.requests()).hasSize(2);
    assertThat(receiver.requests())
        .extracting(r -> r.header(WebhookSender.EVENT_ID_HEADER))
        .containsOnly(eventOf(id).event().id().toString());
    assertThat(receiver.requests().get(0).body()).isEqualTo(receiver.requests().get(1).body());
    StoredEvent delivered = eventOf(id);
    assertThat(delivered.webhookDeliveredAt()).isNotNull();
    assertThat(delivered.webhookAttempts()).isEqualTo(2);
    assertThat(delivered.webhookError()).isNull();
  }

  @Test
  void shouldGiveUp_whenTheLastAttemptFails() {
    receiver.answer(RecordingHttpServer.status(503));
    UUID id = completedWithCallback();

    service.afterCompletion(id);
    for (int delay : new int[] {1, 5, 25}) {
      clock.advance(Duration.ofSeconds(delay));
      service.sweep();
    }
    clock.advance(Duration.ofHours(1));
    CompletionEventService.Sweep afterGivingUp = service.sweep();

    assertThat(receiver.requests()).hasSize(4);
    assertThat(afterGivingUp.webhooksFailed()).isZero();
    StoredEvent gaveUp = eventOf(id);
    assertThat(gaveUp.webhookAttempts()).isEqualTo(4);
    assertThat(gaveUp.webhookDueAt()).isNull();
    assertThat(gaveUp.webhookDeliveredAt()).isNull();
    assertThat(gaveUp.webhookError()).isEqualTo("the callback answered 503");
  }

  @Test
  void shouldNotFollowRedirect_whenReceiverRedirects() {
    receiver.answer(RecordingHttpServer.status(302), RecordingHttpServer.status(200));
    UUID id = completedWithCallback();

    service.afterCompletion(id);

    assertThat(receiver.requests()).hasSize(1);
    assertThat(eventOf(id).webhookError()).contains("302").contains("redirects are not followed");
  }

  @Test
  void shouldRetryFirstAttempt_whenTheWorkerNeverMadeIt() {
    UUID id = completedWithCallback();

    clock.advance(Duration.ofSeconds(1));
    CompletionEventService.Sweep sweep = service.sweep();

    assertThat(sweep.webhooksDelivered()).isEqualTo(1);
    assertThat(receiver.requests()).hasSize(1);
  }

  @Test
  void shouldSendEveryDueWebhook_whenMoreAreDueThanOneRoundClaims() {
    int due = CompletionEventService.WEBHOOK_ROUND + 2;
    for (int i = 0; i < due; i++) {
      completedWithCallback();
    }

    clock.advance(Duration.ofSeconds(1));
    CompletionEventService.Sweep sweep = service.sweep();

    assertThat(sweep.webhooksDelivered()).isEqualTo(due);
    assertThat(receiver.requests()).hasSize(due);
  }

  @Test
  void shouldRefuseCallbackAndStoreNothing_whenItLeadsToAPrivateAddress() {
    long before = env.countQueries();

    for (String url :
        List.of(
            "http://10.0.0.1/hook",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]:8080/hook",
            "http://user:pw@127.0.0.1/hook",
            "ftp://127.0.0.1/hook")) {
      assertThatThrownBy(
              () ->
                  env.components()
                      .submitService()
                      .submit(
                          Caller.user("alice"),
                          new QueryRequest(
                              "How many orders?", "demo", null, null, null, null, url)))
          .as(url)
          .isInstanceOfSatisfying(
              SqmException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_ERROR);
                assertThat(e.field()).isEqualTo("callbackUrl");
              });
    }
    assertThat(env.countQueries()).isEqualTo(before);
  }

  @Test
  void shouldAnswerKeyReused_whenARepeatNamesAnotherCallback() {
    SubmitQueryService submit = env.components().submitService();
    String first = receiver.baseUrl() + "/one";
    UUID id =
        submit
            .submit(
                Caller.user("alice"),
                new QueryRequest("How many orders?", "demo", null, "key-1", null, null, first))
            .query()
            .id();

    Submission repeat =
        submit.submit(
            Caller.user("alice"),
            new QueryRequest("How many orders?", "demo", null, "key-1", null, null, first));

    assertThat(repeat.created()).isFalse();
    assertThat(repeat.query().id()).isEqualTo(id);
    assertThat(repeat.query().callbackUrl()).isEqualTo(first);
    assertThatThrownBy(
            () ->
                submit.submit(
                    Caller.user("alice"),
                    new QueryRequest(
                        "How many orders?",
                        "demo",
                        null,
                        "key-1",
                        null,
                        null,
                        receiver.baseUrl() + "/two")))
        .isInstanceOfSatisfying(
            SqmException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED));
  }

  @Test
  void shouldRefuseCallback_whenNoWebhookSecretIsConfigured() {
    Map<String, String> settings = new HashMap<>();
    settings.put("SQM_DB_URL", "jdbc:postgresql://unused/x");
    settings.put("SQM_QUEUE_URL", "http://127.0.0.1:1/000000000000/q");
    settings.put("SQM_WEBHOOK_ALLOW_HTTP", "true");
    SubmitQueryService withoutSecret =
        new SubmitQueryService(
            env.components().queries(),
            env.components().dataSourceAccess(),
            env.components().outbox(),
            env.components().queue(),
            RateLimiter.UNLIMITED,
            AppConfig.from(settings));

    assertThatThrownBy(
            () ->
                withoutSecret.submit(
                    Caller.user("alice"),
                    new QueryRequest(
                        "How many orders?", "demo", null, null, null, null, receiver.baseUrl())))
        .isInstanceOfSatisfying(
            SqmException.class,
            e -> {
              assertThat(e.field()).isEqualTo("callbackUrl");
              assertThat(e.getMessage()).contains("SQM_WEBHOOK_SECRET");
            });
  }
}
