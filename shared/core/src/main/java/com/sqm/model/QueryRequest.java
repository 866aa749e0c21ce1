package com.sqm.model;

/** The body of {@code POST /queries}. */
public record QueryRequest(
    String question, String dataSourceId, QueryOptions options, String idempotencyKey) {}
