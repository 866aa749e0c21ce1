package com.sqm.model;

/** A worked example for a data source: a question and the SQL that answers it. */
public record QueryTemplate(
    long id,
    String dataSourceId,
    String name,
    String exampleQuestion,
    String sql,
    String description) {}
