package com.sqm.ai.context;

import com.sqm.model.FollowUp;
import com.sqm.model.QueryTemplate;
import java.util.List;

/**
 * What a model is shown for one question: the question, the relevant part of the schema as text,
 * the chosen few-shot examples, the caller's instructions and, for a follow-up, the earlier query.
 * Every text field is untrusted data and must be placed in the prompt as such.
 *
 * @param schema DDL-like text of the tables shown, most relevant first
 * @param tablesShown tables in {@code schema}
 * @param tablesTotal tables in the data source
 * @param instructions caller's instructions, null when none
 * @param followUp the earlier query a follow-up builds on, null otherwise
 */
public record ModelContext(
    String question,
    String schema,
    int tablesShown,
    int tablesTotal,
    List<QueryTemplate> examples,
    String instructions,
    FollowUp followUp) {
  public ModelContext {
    examples = List.copyOf(examples);
  }
}
