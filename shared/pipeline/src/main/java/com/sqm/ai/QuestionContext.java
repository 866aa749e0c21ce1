package com.sqm.ai;

import com.sqm.model.DataSourceConfig;
import com.sqm.model.QueryTemplate;
import com.sqm.schema.SchemaSnapshot;
import java.util.List;

/**
 * Everything an engine may use to answer one question: the data source, its schema and its worked
 * examples.
 */
public record QuestionContext(
    String question,
    DataSourceConfig dataSource,
    SchemaSnapshot schema,
    List<QueryTemplate> examples) {}
