package com.sqm.ai;

import com.sqm.model.DataSourceConfig;
import com.sqm.model.FollowUp;
import com.sqm.model.QueryTemplate;
import com.sqm.schema.SchemaSnapshot;
import java.util.List;

/**
 * Everything an engine may use to answer one question: the data source, its schema, its worked
 * examples (templates and approved past questions), the caller's optional instructions, and for a
 * follow-up the earlier question (null otherwise). All of it is untrusted text as far as a model is
 * concerned: whatever SQL comes back still goes through the guard.
 */
public record QuestionContext(
    String question,
    DataSourceConfig dataSource,
    SchemaSnapshot schema,
    List<QueryTemplate> examples,
    String instructions,
    FollowUp followUp) {

  public QuestionContext(
      String question,
      DataSourceConfig dataSource,
      SchemaSnapshot schema,
      List<QueryTemplate> examples) {
    this(question, dataSource, schema, examples, null, null);
  }
}
