package com.sqm.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/** A user's current verdict on one of their queries' answers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueryFeedback(
    UUID queryId,
    String userId,
    FeedbackRating rating,
    String correctedSql,
    String comment,
    Instant createdAt) {}
