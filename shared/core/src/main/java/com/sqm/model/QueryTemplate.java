package com.sqm.model;

import java.util.UUID;

/**
 * A worked example for a data source: a question and the SQL that answers it. {@code origin} says
 * who vouched for it: a person who wrote it ({@link Origin#TEMPLATE}) or a user who approved an
 * answer ({@link Origin#FEEDBACK}, with the approved query in {@code sourceQueryId}).
 */
public record QueryTemplate(
    long id,
    String dataSourceId,
    String name,
    String exampleQuestion,
    String sql,
    String description,
    Origin origin,
    UUID sourceQueryId) {

  /** Where an example came from. */
  public enum Origin {
    TEMPLATE,
    FEEDBACK
  }

  public QueryTemplate {
    origin = origin == null ? Origin.TEMPLATE : origin;
  }

  public QueryTemplate(
      long id,
      String dataSourceId,
      String name,
      String exampleQuestion,
      String sql,
      String description) {
    this(id, dataSourceId, name, exampleQuestion, sql, description, Origin.TEMPLATE, null);
  }
}
