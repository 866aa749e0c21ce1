package com.sqm.store;

import com.sqm.model.QueryTemplate;
import java.util.List;
import java.util.UUID;

/** Worked examples (question → SQL) attached to data sources. */
public interface QueryTemplateRepository {
  /** The data source's examples, written ones and approved ones alike, oldest first. */
  List<QueryTemplate> findByDataSource(String dataSourceId);

  QueryTemplate add(
      String dataSourceId, String name, String exampleQuestion, String sql, String description);

  /**
   * Records the approved answer of query {@code sourceQueryId} as a FEEDBACK example, replacing the
   * one an earlier approval of the same query recorded.
   */
  QueryTemplate saveFeedbackExample(
      String dataSourceId, UUID sourceQueryId, String question, String sql, String description);

  /** Removes example {@code templateId} of the data source; whether it was there. */
  boolean delete(String dataSourceId, long templateId);

  /** Withdraws the FEEDBACK example of query {@code sourceQueryId}; whether there was one. */
  boolean removeFeedbackExample(UUID sourceQueryId);
}
