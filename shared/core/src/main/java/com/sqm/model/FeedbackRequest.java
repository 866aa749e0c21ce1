package com.sqm.model;

/**
 * The body of {@code POST /queries/{id}/feedback}: {@code rating} is {@code "up"} or {@code
 * "down"}; {@code correctedSql} is the SQL that should have answered the question.
 */
public record FeedbackRequest(String rating, String correctedSql, String comment) {}
