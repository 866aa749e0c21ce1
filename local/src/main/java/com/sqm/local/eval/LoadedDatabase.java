package com.sqm.local.eval;

import com.sqm.model.DataSourceConfig;
import javax.sql.DataSource;

/**
 * One evaluation database, ready: {@code gold} runs the gold queries (plain JDBC), {@code
 * dataSource} is what the product sees (a read-only role, as a registered data source).
 */
public record LoadedDatabase(String name, DataSource gold, DataSourceConfig dataSource) {}
