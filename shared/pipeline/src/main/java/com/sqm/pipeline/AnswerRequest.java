package com.sqm.pipeline;

import com.sqm.model.DataSourceConfig;
import com.sqm.model.FollowUp;
import com.sqm.model.QueryTemplate;
import java.util.List;

/**
 * One question to answer against one data source, with what the engine may use beside the schema:
 * the caller's instructions (null for none), the earlier query of a follow-up (null for none), the
 * data source's worked examples, and the row cap of the result.
 */
public record AnswerRequest(
    String question,
    String instructions,
    FollowUp followUp,
    DataSourceConfig dataSource,
    List<QueryTemplate> examples,
    int rowCap) {
  public AnswerRequest {
    examples = examples == null ? List.of() : List.copyOf(examples);
  }
}
