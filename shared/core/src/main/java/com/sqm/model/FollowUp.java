package com.sqm.model;

/**
 * The earlier query a follow-up question builds on: its question, its SQL and a short summary of
 * its result.
 */
public record FollowUp(String question, String sql, String resultSummary) {}
