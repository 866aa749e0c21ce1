package com.sqm.store;

import com.sqm.model.DataSourceConfig;
import java.util.List;
import java.util.Optional;

/** Registered data sources. */
public interface DataSourceRepository {
  Optional<DataSourceConfig> findById(String id);

  List<DataSourceConfig> findAll();

  /** Inserts or replaces the data source with the same id. */
  void upsert(DataSourceConfig dataSource);
}
