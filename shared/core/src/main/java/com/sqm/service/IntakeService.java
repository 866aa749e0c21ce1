package com.sqm.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.sqm.api.ApiRequest;
import com.sqm.config.IntakeSettings;
import com.sqm.config.Json;
import com.sqm.model.Caller;
import com.sqm.model.ErrorCode;
import com.sqm.model.IntakeRequest;
import com.sqm.model.SqmException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Submits questions that arrive by event (EventBridge {@code QueryRequested}) or on the intake
 * queue through {@link SubmitQueryService}: the same validation, grant check, rate limit and stored
 * query as {@code POST /queries}. There is no response to carry the query id, so every outcome is
 * logged with it, and the delivery's id (or the sender's idempotency key) is the query's
 * idempotency key: a redelivery finds the query the first delivery stored.
 *
 * <p>The caller is never an admin, and its groups count only from an EventBridge source named in
 * {@link IntakeSettings#groupSources()}; the intake queue's senders are trusted with the user id
 * (its queue policy says who may send) but not with groups.
 */
public final class IntakeService {
  /** The EventBridge detail-type of a question. */
  public static final String QUERY_REQUESTED = "QueryRequested";

  /** The SQS message attribute that may carry the sender's idempotency key. */
  public static final String IDEMPOTENCY_KEY_ATTRIBUTE = "IdempotencyKey";

  private static final int MAX_GROUPS = 50;
  private static final Logger log = LoggerFactory.getLogger(IntakeService.class);

  /** Failures that a later delivery may not meet. */
  private static final Set<ErrorCode> PASSING =
      EnumSet.of(ErrorCode.STORE_UNAVAILABLE, ErrorCode.QUEUE_UNAVAILABLE, ErrorCode.RATE_LIMITED);

  private final SubmitQueryService submit;
  private final IntakeSettings settings;

  public IntakeService(SubmitQueryService submit, IntakeSettings settings) {
    this.submit = submit;
    this.settings = settings;
  }

  /**
   * Submits the question of an EventBridge event: {@code source} must be one of the configured
   * sources and {@code detailType} {@value #QUERY_REQUESTED}. The key is the detail's {@code
   * idempotencyKey} when it has one, else {@code event:<eventId>}.
   */
  public IntakeOutcome fromEvent(
      String source, String eventId, String detailType, Map<String, Object> detail) {
    try (MDC.MDCCloseable e = MDC.putCloseable("eventId", eventId);
        MDC.MDCCloseable s = MDC.putCloseable("eventSource", source)) {
      if (!settings.accepts(source)) {
        log.warn(
            "event refused: source {} is not in {}; nothing stored",
            source,
            IntakeSettings.EVENT_SOURCES);
        return IntakeOutcome.rejected(ErrorCode.FORBIDDEN, "source");
      }
      if (!QUERY_REQUESTED.equals(detailType)) {
        log.warn("event refused: detail-type {} is not {}", detailType, QUERY_REQUESTED);
        return IntakeOutcome.rejected(ErrorCode.VALIDATION_ERROR, "detail-type");
      }
      if (eventId == null || eventId.isBlank()) {
        return refused(new SqmException(ErrorCode.VALIDATION_ERROR, "the event has no id", "id"));
      }
      return handle(
          () -> Json.mapper().writeValueAsString(detail),
          settings.trustsGroupsOf(source),
          "event:" + eventId.strip(),
          null);
    }
  }

  /**
   * Submits the question of an intake queue message. The key is, in this order, the {@value
   * #IDEMPOTENCY_KEY_ATTRIBUTE} message attribute, the body's {@code idempotencyKey}, or {@code
   * sqs:<messageId>}.
   */
  public IntakeOutcome fromQueue(String messageId, String body, String keyAttribute) {
    try (MDC.MDCCloseable m = MDC.putCloseable("messageId", messageId)) {
      return handle(() -> body, false, "sqs:" + messageId, keyAttribute);
    }
  }

  /** The body as text; a detail map that cannot be written back is not a question. */
  private interface Body {
    String text() throws JsonProcessingException;
  }

  private IntakeOutcome handle(
      Body body, boolean trustGroups, String deliveryKey, String explicitKey) {
    try {
      IntakeRequest request = read(body);
      Caller caller = caller(request, trustGroups);
      String key =
          explicitKey != null
              ? explicitKey
              : request.idempotencyKey() != null ? request.idempotencyKey() : deliveryKey;
      if (explicitKey != null
          && request.idempotencyKey() != null
          && !explicitKey.equals(request.idempotencyKey())) {
        throw new SqmException(
            ErrorCode.VALIDATION_ERROR,
            "idempotencyKey in the body differs from the "
                + IDEMPOTENCY_KEY_ATTRIBUTE
                + " attribute",
            "idempotencyKey");
      }
      Submission submission = submit.submit(caller, request.toQueryRequest(key));
      // The submit service logs the acceptance with the query id in its context; this line ties
      // the delivery (event or message id in the context) to it.
      log.info(
          "{} query {}",
          submission.created() ? "stored" : "redelivered, already stored as",
          submission.query().id());
      return IntakeOutcome.stored(submission.query().id(), submission.created());
    } catch (SqmException e) {
      return refused(e);
    }
  }

  private static IntakeOutcome refused(SqmException e) {
    if (e.isTransient() || PASSING.contains(e.code())) {
      log.warn("not submitted, to be delivered again: {} {}", e.code(), e.getMessage());
      return IntakeOutcome.retry(e.code());
    }
    // Redelivering cannot change the answer: logged (field and reason, never the question) and
    // dropped.
    log.warn(
        "refused and dropped, nothing stored: {} field={} {}", e.code(), e.field(), e.getMessage());
    return IntakeOutcome.rejected(e.code(), e.field());
  }

  private static Caller caller(IntakeRequest request, boolean trustGroups) {
    String problem = ApiRequest.callerIdProblem(request.userId());
    if (problem != null) {
      throw new SqmException(
          ErrorCode.VALIDATION_ERROR,
          "userId is required and cannot be a user id: " + problem,
          "userId");
    }
    List<String> groups = request.groups() == null ? List.of() : request.groups();
    if (!trustGroups) {
      if (!groups.isEmpty()) {
        log.info("groups ignored: this source is not trusted to assert them");
      }
      return Caller.user(request.userId().strip());
    }
    if (groups.size() > MAX_GROUPS
        || groups.stream().anyMatch(g -> ApiRequest.callerIdProblem(g) != null)) {
      throw new SqmException(
          ErrorCode.VALIDATION_ERROR,
          "groups must be at most " + MAX_GROUPS + " non-empty names without control characters",
          "groups");
    }
    Set<String> names = groups.stream().map(String::strip).collect(Collectors.toSet());
    return new Caller(request.userId().strip(), names, false);
  }

  private static IntakeRequest read(Body body) {
    String text;
    try {
      text = body.text();
    } catch (JsonProcessingException e) {
      throw new SqmException(ErrorCode.INVALID_JSON, "the detail is not a JSON object", null);
    }
    if (text == null || text.isBlank() || "null".equals(text.strip())) {
      throw new SqmException(
          ErrorCode.INVALID_JSON,
          "there is no question: the detail or message body is empty",
          null);
    }
    IntakeRequest request;
    try {
      request = Json.requestMapper().readValue(text, IntakeRequest.class);
    } catch (UnrecognizedPropertyException e) {
      throw new SqmException(ErrorCode.INVALID_JSON, "unknown field '" + path(e) + "'", path(e));
    } catch (JsonMappingException e) {
      String field = path(e);
      throw new SqmException(
          ErrorCode.INVALID_JSON,
          field.isEmpty() ? "the body must be a JSON object" : "field '" + field + "' is invalid",
          field.isEmpty() ? null : field);
    } catch (JsonProcessingException e) {
      throw new SqmException(ErrorCode.INVALID_JSON, "the body is not valid JSON", null);
    }
    if (request == null) {
      throw new SqmException(ErrorCode.INVALID_JSON, "the body must be a JSON object", null);
    }
    return request;
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }
}
