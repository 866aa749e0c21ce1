package com.sqm.store;

import com.sqm.model.DataSourceConfig;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.util.List;
import java.util.Optional;

/** Registered data sources. */
public interface DataSourceRepository {
  Optional<DataSourceConfig> findById(String id);

  List<DataSourceConfig> findAll();

  /** Inserts or replaces the data source with the same id. */
  void upsert(DataSourceConfig dataSource);

  /**
   * Removes the data source and its examples; whether it existed. Queries asked about it keep their
   * history.
   */
  boolean delete(String id);

  /**
   * The data source a query may use: it exists and is enabled. Otherwise DATASOURCE_NOT_FOUND or
   * DATASOURCE_DISABLED, naming the field {@code dataSourceId}.
   */
  default DataSourceConfig findUsable(String id) {
    DataSourceConfig dataSource =
        findById(id)
            .orElseThrow(
                () ->
                    new SqmException(
                        ErrorCode.DATASOURCE_NOT_FOUND,
                        "no data source with id '" + id + "'",
                        "dataSourceId"));
    if (!dataSource.enabled()) {
      throw new SqmException(
          ErrorCode.DATASOURCE_DISABLED, "data source '" + id + "' is disabled", "dataSourceId");
    }
    return dataSource;
  }
}
