package com.sqm.model;

/** The body of {@code POST /datasources/{id}/templates}: a worked example an admin writes. */
public record TemplateRequest(
    String name, String exampleQuestion, String sql, String description) {}
