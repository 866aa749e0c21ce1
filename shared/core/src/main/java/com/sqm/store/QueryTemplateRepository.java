package com.sqm.store;

import com.sqm.model.QueryTemplate;
import java.util.List;

/** Worked examples (question → SQL) attached to data sources. */
public interface QueryTemplateRepository {
  List<QueryTemplate> findByDataSource(String dataSourceId);

  QueryTemplate add(
      String dataSourceId, String name, String exampleQuestion, String sql, String description);
}
