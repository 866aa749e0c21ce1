package com.sqm.service;

import com.sqm.model.Caller;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.ErrorCode;
import com.sqm.model.FeedbackRating;
import com.sqm.model.FeedbackRequest;
import com.sqm.model.QueryFeedback;
import com.sqm.model.QueryStatus;
import com.sqm.model.SqmException;
import com.sqm.model.UserQuery;
import com.sqm.store.DataSourceRepository;
import com.sqm.store.FeedbackRepository;
import com.sqm.store.QueryRepository;
import com.sqm.store.QueryTemplateRepository;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Records a user's verdict on one of their answers and keeps the data source's examples in step: an
 * approved answer (or a verified correction) becomes an example engines learn from, a disapproval
 * without a correction withdraws the example an earlier approval made.
 */
public final class FeedbackService {
  public static final int MAX_COMMENT_LENGTH = 2000;
  public static final int MAX_CORRECTED_SQL_LENGTH = 20_000;
  private static final Logger log = LoggerFactory.getLogger(FeedbackService.class);

  private final QueryRepository queries;
  private final DataSourceRepository dataSources;
  private final QueryTemplateRepository templates;
  private final FeedbackRepository feedback;
  private final CorrectedSqlVerifier verifier;

  public FeedbackService(
      QueryRepository queries,
      DataSourceRepository dataSources,
      QueryTemplateRepository templates,
      FeedbackRepository feedback,
      CorrectedSqlVerifier verifier) {
    this.queries = queries;
    this.dataSources = dataSources;
    this.templates = templates;
    this.feedback = feedback;
    this.verifier = verifier;
  }

  /**
   * Stores {@code request} as {@code userId}'s feedback on query {@code queryId}, replacing any
   * earlier one. A correction is verified before anything is stored.
   *
   * @throws SqmException VALIDATION_ERROR naming the field; NOT_FOUND for an unknown query or
   *     someone else's; for a correction DATASOURCE_NOT_FOUND/DISABLED, SQL_REJECTED (the guard's
   *     rule), SQL_TOO_EXPENSIVE or SQL_FAILED (the database's sentence)
   */
  public FeedbackOutcome submit(Caller caller, UUID queryId, FeedbackRequest request) {
    String userId = caller.id();
    if (request == null) {
      throw new SqmException(ErrorCode.VALIDATION_ERROR, "a request body is required", null);
    }
    FeedbackRating rating =
        FeedbackRating.parse(request.rating())
            .orElseThrow(
                () ->
                    new SqmException(
                        ErrorCode.VALIDATION_ERROR,
                        "rating is required and must be \"up\" or \"down\"",
                        "rating"));
    String comment = boundedText(request.comment(), "comment", MAX_COMMENT_LENGTH);
    String correctedSql =
        boundedText(request.correctedSql(), "correctedSql", MAX_CORRECTED_SQL_LENGTH);
    UserQuery query =
        queries
            .findById(queryId)
            .filter(q -> q.userId().equals(userId))
            .orElseThrow(
                () -> new SqmException(ErrorCode.NOT_FOUND, "no query with id " + queryId, "id"));
    try (MDC.MDCCloseable ignored = MDC.putCloseable("queryId", queryId.toString())) {
      if (correctedSql != null) {
        verify(query, correctedSql);
      }
      QueryFeedback stored =
          feedback.save(new QueryFeedback(queryId, userId, rating, correctedSql, comment, null));
      boolean recorded = false;
      boolean removed = false;
      String exampleSql = exampleSql(query, rating, correctedSql);
      // A query keeps its history when its data source goes; an example has nothing to attach to.
      if (exampleSql != null && dataSources.findById(query.dataSourceId()).isPresent()) {
        templates.saveFeedbackExample(
            query.dataSourceId(),
            queryId,
            query.question(),
            exampleSql,
            correctedSql == null ? "approved by a user" : "corrected by a user");
        recorded = true;
      } else if (rating == FeedbackRating.DOWN) {
        removed = templates.removeFeedbackExample(queryId);
      }
      log.info(
          "feedback stored rating={} corrected={} exampleRecorded={} exampleRemoved={}",
          stored.rating().wireName(),
          correctedSql != null,
          recorded,
          removed);
      return new FeedbackOutcome(stored, recorded, removed);
    }
  }

  /**
   * The SQL the example should carry: a verified correction, or the query's own SQL when the user
   * approved a completed answer; null when the feedback makes no example.
   */
  private static String exampleSql(UserQuery query, FeedbackRating rating, String correctedSql) {
    if (correctedSql != null) {
      return correctedSql;
    }
    if (rating == FeedbackRating.UP
        && query.status() == QueryStatus.COMPLETED
        && query.sql() != null
        && !query.sql().isBlank()) {
      return query.sql();
    }
    return null;
  }

  private void verify(UserQuery query, String correctedSql) {
    DataSourceConfig dataSource = dataSources.findUsable(query.dataSourceId());
    try {
      verifier.verify(dataSource, correctedSql);
    } catch (SqmException e) {
      // The caller's field is correctedSql, whatever name the SQL layers use.
      throw new SqmException(e.code(), e.getMessage(), "correctedSql", e);
    }
  }

  private static String boundedText(String raw, String field, int maxLength) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String text = raw.strip();
    if (text.chars()
        .anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
      throw new SqmException(
          ErrorCode.VALIDATION_ERROR, field + " must not contain control characters", field);
    }
    int length = text.codePointCount(0, text.length());
    if (length > maxLength) {
      throw new SqmException(
          ErrorCode.VALIDATION_ERROR,
          field + " is " + length + " characters; at most " + maxLength + " are allowed",
          field);
    }
    return text;
  }
}
