package com.sqm.service;

import com.sqm.config.AppConfig;
import com.sqm.model.AuditAction;
import com.sqm.model.AuditEvent;
import com.sqm.model.Caller;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.DataSourceLimits;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryOptions;
import com.sqm.model.QueryRequest;
import com.sqm.model.RateLimitedException;
import com.sqm.model.SqmException;
import com.sqm.model.UserQuery;
import com.sqm.queue.QueryQueue;
import com.sqm.store.AuditLog;
import com.sqm.store.OutboxRepository;
import com.sqm.store.QueryRepository;
import com.sqm.store.QueryRepository.NewQuery;
import com.sqm.webhook.CallbackRefusedException;
import com.sqm.webhook.CallbackUrlPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Accepts a question: validates it, stores it PENDING with its outbox record in one transaction,
 * and then hands its id to the worker. A stored query always reaches the worker: when the queue is
 * down the record stays unsent and the sweeper sends it later; the caller is told it was accepted.
 */
public final class SubmitQueryService {
  public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;
  public static final int MAX_DATASOURCE_ID_LENGTH = 100;
  public static final int MAX_INSTRUCTIONS_LENGTH = 2000;
  private static final Logger log = LoggerFactory.getLogger(SubmitQueryService.class);

  private final QueryRepository queries;
  private final DataSourceAccess access;
  private final OutboxRepository outbox;
  private final QueryQueue queue;
  private final RateLimiter submits;
  private final int submitsPerMinute;
  private final RateLimiter adminSubmits;
  private final int adminSubmitsPerMinute;
  private final AuditLog audit;
  private final int maxQuestionLength;
  private final String defaultDataSourceId;
  private final CallbackUrlPolicy callbacks;
  private final boolean webhooksConfigured;

  public SubmitQueryService(
      QueryRepository queries,
      DataSourceAccess access,
      OutboxRepository outbox,
      QueryQueue queue,
      RateLimiter submits,
      AppConfig config) {
    // Admins share the users' limiter and rate here; nothing is audited.
    this(queries, access, outbox, queue, submits, submits, AuditLog.NONE, config);
  }

  /**
   * Users' submits are limited by {@code submits} ({@link AppConfig#submitsPerMinute()}), admins'
   * by {@code adminSubmits} ({@link AppConfig#adminSubmitsPerMinute()}), each in buckets of their
   * own; refusals are recorded in {@code audit} (accepted queries are audited by the store, in the
   * transaction that stores them).
   */
  public SubmitQueryService(
      QueryRepository queries,
      DataSourceAccess access,
      OutboxRepository outbox,
      QueryQueue queue,
      RateLimiter submits,
      RateLimiter adminSubmits,
      AuditLog audit,
      AppConfig config) {
    this.submits = submits;
    this.submitsPerMinute = config.submitsPerMinute();
    this.adminSubmits = adminSubmits;
    // One limiter for both (the older constructor) counts admins at the users' rate.
    this.adminSubmitsPerMinute =
        adminSubmits == submits ? config.submitsPerMinute() : config.adminSubmitsPerMinute();
    this.audit = audit;
    this.queries = queries;
    this.access = access;
    this.outbox = outbox;
    this.queue = queue;
    this.maxQuestionLength = config.maxQuestionLength();
    this.defaultDataSourceId = config.defaultDataSourceId();
    this.callbacks = CallbackUrlPolicy.from(config.events());
    this.webhooksConfigured = config.events().webhookSecret().isPresent();
  }

  /**
   * Stores and enqueues {@code request} for {@code userId}. A repeat with an idempotency key this
   * user already sent returns the existing query ({@code created == false}) without enqueueing it
   * again.
   *
   * <p>A follow-up ({@code parentQueryId}) must name one of the caller's own queries, and asks
   * about the parent's data source unless the request names another.
   *
   * <p>Once the query is stored, a failed send does not fail the call: the outbox record stays
   * unsent and the sweeper sends it.
   *
   * @throws SqmException VALIDATION_ERROR, NOT_FOUND (parent query), DATASOURCE_FORBIDDEN (not
   *     granted; to a non-admin also unknown or disabled, see {@link DataSourceAccess}),
   *     DATASOURCE_NOT_FOUND, DATASOURCE_DISABLED (to an admin), IDEMPOTENCY_KEY_REUSED,
   *     RATE_LIMITED (over the caller's submits a minute, the admin rate for admins; audited), or
   *     STORE_UNAVAILABLE (the database could not be reached); nothing is stored in any of these
   *     cases
   */
  public Submission submit(Caller caller, QueryRequest request) {
    String userId = caller.id();
    if (request == null) {
      throw new SqmException(ErrorCode.VALIDATION_ERROR, "a request body is required", null);
    }
    String question = validQuestion(request.question());
    QueryOptions options = validOptions(request.options());
    String idempotencyKey = validIdempotencyKey(request.idempotencyKey());
    String instructions = validInstructions(request.instructions());
    String callbackUrl = validCallbackUrl(request.callbackUrl());
    UserQuery parent = ownParent(userId, request.parentQueryId());
    String requestedDataSource =
        parent != null && (request.dataSourceId() == null || request.dataSourceId().isBlank())
            ? parent.dataSourceId()
            : request.dataSourceId();
    // The grant check, before anything is stored or enqueued. It is also what keeps cached answers
    // inside a grant boundary: the answer cache is consulted only by the worker, for queries that
    // passed this check (SubmitQueryServiceIT proves nothing is stored when it fails).
    String dataSourceId;
    try {
      dataSourceId = usableDataSource(caller, requestedDataSource).id();
    } catch (SqmException e) {
      if (e.code() == ErrorCode.DATASOURCE_FORBIDDEN) {
        auditForbidden(caller, requestedDataSource, question);
      }
      throw e;
    }

    // After validation (a bad request is told what is wrong, and costs no permit), before
    // anything is stored.
    RateLimiter limiter = caller.admin() ? adminSubmits : submits;
    Optional<Duration> wait = limiter.tryAcquire(userId);
    if (wait.isPresent()) {
      int perMinute = caller.admin() ? adminSubmitsPerMinute : submitsPerMinute;
      auditRefusal(caller, dataSourceId, question, perMinute);
      throw new RateLimitedException(perMinute, wait.get());
    }
    QueryRepository.Inserted inserted =
        queries.insert(
            new NewQuery(
                userId,
                question,
                dataSourceId,
                options,
                idempotencyKey,
                instructions,
                parent == null ? null : parent.id(),
                callbackUrl));
    UserQuery query = inserted.query();
    try (MDC.MDCCloseable ignored = MDC.putCloseable("queryId", query.id().toString())) {
      if (!inserted.created()) {
        if (!sameRequest(
                query,
                question,
                dataSourceId,
                options,
                instructions,
                parent == null ? null : parent.id())
            || !Objects.equals(query.callbackUrl(), callbackUrl)) {
          // As payment APIs do: a key names one request; a different body under it is a mistake
          // the caller must hear about, not a new question silently dropped.
          throw new SqmException(
              ErrorCode.IDEMPOTENCY_KEY_REUSED,
              "idempotency key was already used with a different request (query "
                  + query.id()
                  + "); use a new key for a new question",
              "idempotencyKey");
        }
        log.info("idempotent repeat, returning existing query status={}", query.status());
        return new Submission(query, false);
      }
      // Not the question itself at INFO: it is the caller's text and may hold personal data. Its
      // length and a hash tell repeats apart; the text is there at DEBUG, for a developer.
      log.info(
          "query accepted dataSourceId={} questionChars={} questionSha256={} instructions={}"
              + " parentQueryId={}",
          dataSourceId,
          question.length(),
          shortHash(question),
          instructions != null,
          parent == null ? null : parent.id());
      log.debug("question text: {}", question);
      send(query.id());
      return new Submission(query, true);
    }
  }

  /**
   * Records a refused submit. Nothing was stored, so a store that cannot take the row costs only
   * the row: the caller still hears RATE_LIMITED, and the failure is logged.
   */
  private void auditRefusal(Caller caller, String dataSourceId, String question, int perMinute) {
    try {
      audit.record(
          AuditEvent.refused(
              caller,
              AuditAction.RATE_LIMITED,
              dataSourceId,
              question,
              ErrorCode.RATE_LIMITED,
              Map.of("perMinute", perMinute, "admin", caller.admin())));
    } catch (SqmException e) {
      log.error("a rate-limited submit was not audited: {}", e.getMessage());
    }
  }

  /** Records a question refused for its data source; like a rate-limit refusal, best effort. */
  private void auditForbidden(Caller caller, String requested, String question) {
    String dataSourceId =
        requested == null || requested.isBlank() ? defaultDataSourceId : requested.strip();
    try {
      audit.record(
          AuditEvent.refused(
              caller,
              AuditAction.QUERY_FORBIDDEN,
              dataSourceId,
              question,
              ErrorCode.DATASOURCE_FORBIDDEN,
              Map.of()));
    } catch (SqmException e) {
      log.error("a forbidden submit was not audited: {}", e.getMessage());
    }
  }

  /**
   * Sends the committed query's id and marks its outbox record sent. A failure here is not the
   * caller's: the record stays unsent, and the sweeper sends it after its grace period.
   */
  private void send(UUID queryId) {
    try {
      queue.enqueue(queryId);
    } catch (SqmException e) {
      log.warn("query stored but not yet enqueued, the sweeper will send it: {}", e.getMessage());
      try {
        outbox.recordFailure(queryId, e.getMessage());
      } catch (SqmException storeDown) {
        // Only the operators' note is lost: the record is still unsent, so the sweeper sends it.
        log.warn("the failed send was not recorded: {}", storeDown.getMessage());
      }
      return;
    }
    try {
      outbox.markSent(queryId);
    } catch (SqmException e) {
      // The message is on the queue; the sweeper will send it once more, which a claim absorbs.
      log.warn("query enqueued but its outbox record not marked sent: {}", e.getMessage());
    }
  }

  /** The first 16 hex digits of the SHA-256 of {@code text}: enough to tell two texts apart. */
  static String shortHash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Whether the stored query was created by the same request as the one being repeated. */
  private static boolean sameRequest(
      UserQuery stored,
      String question,
      String dataSourceId,
      QueryOptions options,
      String instructions,
      UUID parentQueryId) {
    QueryOptions storedOptions =
        stored.options() == null ? QueryOptions.DEFAULTS : stored.options();
    return stored.question().equals(question)
        && stored.dataSourceId().equals(dataSourceId)
        && storedOptions.equals(options)
        && Objects.equals(stored.instructions(), instructions)
        && Objects.equals(stored.parentQueryId(), parentQueryId);
  }

  private String validQuestion(String raw) {
    String question = raw == null ? "" : raw.strip();
    if (question.codePoints().allMatch(SubmitQueryService::invisible)) {
      throw new SqmException(
          ErrorCode.VALIDATION_ERROR, "question is required and must not be blank", "question");
    }
    // Line breaks and tabs are how people write; other control characters are not text (and
    // Postgres cannot store NUL at all).
    if (question
        .chars()
        .anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
      throw controlCharacter("question");
    }
    int length = question.codePointCount(0, question.length());
    if (length > maxQuestionLength) {
      throw new SqmException(
          ErrorCode.VALIDATION_ERROR,
          "question is " + length + " characters; at most " + maxQuestionLength + " are allowed",
          "question");
    }
    return question;
  }

  private static QueryOptions validOptions(QueryOptions options) {
    if (options == null) {
      return QueryOptions.DEFAULTS;
    }
    Integer maxRows = options.maxRows();
    if (maxRows != null && (maxRows < 1 || maxRows > DataSourceLimits.HARD_MAX_ROWS)) {
      throw new SqmException(
          ErrorCode.VALIDATION_ERROR,
          "options.maxRows must be between 1 and " + DataSourceLimits.HARD_MAX_ROWS,
          "options.maxRows");
    }
    return options;
  }

  private static String validInstructions(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String instructions = raw.strip();
    if (instructions
        .chars()
        .anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
      throw controlCharacter("instructions");
    }
    int length = instructions.codePointCount(0, instructions.length());
    if (length > MAX_INSTRUCTIONS_LENGTH) {
      throw new SqmException(
          ErrorCode.VALIDATION_ERROR,
          "instructions are "
              + length
              + " characters; at most "
              + MAX_INSTRUCTIONS_LENGTH
              + " are allowed",
          "instructions");
    }
    return instructions;
  }

  /**
   * The caller's own query {@code raw} names, or null when none is named. Someone else's query is
   * NOT_FOUND like an unknown one, so ids of other users' queries cannot be probed.
   */
  private UserQuery ownParent(String userId, String raw) {
    if (raw == null) {
      return null;
    }
    UUID id;
    try {
      String value = raw.strip();
      if (value.length() != 36) {
        throw new IllegalArgumentException("not canonical");
      }
      id = UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw new SqmException(
          ErrorCode.VALIDATION_ERROR, "parentQueryId must be a UUID", "parentQueryId");
    }
    return queries
        .findById(id)
        .filter(q -> q.userId().equals(userId))
        .orElseThrow(
            () ->
                new SqmException(
                    ErrorCode.NOT_FOUND, "no query " + id + " to follow up", "parentQueryId"));
  }

  /**
   * The callback URL, if a webhook may be sent there (see {@link CallbackUrlPolicy}; its host is
   * resolved now and again before each send), or null when none is given.
   */
  private String validCallbackUrl(String raw) {
    if (raw == null) {
      return null;
    }
    if (!webhooksConfigured) {
      throw new SqmException(
          ErrorCode.VALIDATION_ERROR,
          "callbackUrl cannot be used: webhooks are not configured (SQM_WEBHOOK_SECRET)",
          "callbackUrl");
    }
    try {
      return callbacks.check(raw).toString();
    } catch (CallbackRefusedException e) {
      throw new SqmException(ErrorCode.VALIDATION_ERROR, e.getMessage(), "callbackUrl");
    }
  }

  private static String validIdempotencyKey(String raw) {
    if (raw == null) {
      return null;
    }
    String key = raw.strip();
    if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
      throw new SqmException(
          ErrorCode.VALIDATION_ERROR,
          "idempotencyKey must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters",
          "idempotencyKey");
    }
    if (key.chars().anyMatch(Character::isISOControl)) {
      throw controlCharacter("idempotencyKey");
    }
    return key;
  }

  /** Whitespace, control and format characters (zero-width space, BOM): nothing a reader sees. */
  private static boolean invisible(int codePoint) {
    return Character.isWhitespace(codePoint)
        || Character.isSpaceChar(codePoint)
        || Character.isISOControl(codePoint)
        || Character.getType(codePoint) == Character.FORMAT;
  }

  private static SqmException controlCharacter(String field) {
    return new SqmException(
        ErrorCode.VALIDATION_ERROR, field + " must not contain control characters", field);
  }

  private DataSourceConfig usableDataSource(Caller caller, String requested) {
    String id = requested == null || requested.isBlank() ? defaultDataSourceId : requested.strip();
    if (id.length() > MAX_DATASOURCE_ID_LENGTH) {
      throw new SqmException(
          ErrorCode.VALIDATION_ERROR,
          "dataSourceId must be at most " + MAX_DATASOURCE_ID_LENGTH + " characters",
          "dataSourceId");
    }
    if (id.chars().anyMatch(Character::isISOControl)) {
      throw controlCharacter("dataSourceId");
    }
    return access.usable(caller, id);
  }
}
