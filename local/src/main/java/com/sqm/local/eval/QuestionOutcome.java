package com.sqm.local.eval;

/**
 * The verdict on one question, with what was asked, the gold pattern, the SQL the product wrote and
 * its error if any; {@code goldError} says no gold query ran (a dataset problem).
 */
public record QuestionOutcome(
    String database,
    String category,
    String question,
    String instructions,
    String gold,
    String sql,
    Verdict verdict,
    String errorCode,
    String errorMessage,
    String goldError,
    long millis) {}
