package com.sqm.local.eval;

import com.sqm.model.DataSourceConfig;

/**
 * Asks the product one question about a data source, the way a user would, and returns what it
 * answered. Never throws for a failure of the answer: that is an {@link EvalAnswer} with an error.
 */
public interface EvalAsker {
  EvalAnswer ask(DataSourceConfig dataSource, String question, String instructions);
}
