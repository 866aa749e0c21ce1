package com.sqm.service;

import com.sqm.model.Caller;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import com.sqm.store.DataSourceGrantRepository;
import com.sqm.store.DataSourceRepository;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who may use which data source: the one place that decides, for questions and for the list of data
 * sources alike. A non-admin may use an enabled data source granted to one of their principals
 * ({@link Caller#principals()}); an admin may use every enabled one.
 */
public final class DataSourceAccess {
  private final DataSourceRepository dataSources;
  private final DataSourceGrantRepository grants;

  public DataSourceAccess(DataSourceRepository dataSources, DataSourceGrantRepository grants) {
    this.dataSources = dataSources;
    this.grants = grants;
  }

  /**
   * The data source {@code id} when {@code caller} may ask about it.
   *
   * @throws SqmException to an admin DATASOURCE_NOT_FOUND or DATASOURCE_DISABLED; to anyone else
   *     DATASOURCE_FORBIDDEN, the same for an unknown, a disabled and a not granted id, so ids
   *     cannot be probed
   */
  public DataSourceConfig usable(Caller caller, String id) {
    if (caller.admin()) {
      return dataSources.findUsable(id);
    }
    Optional<DataSourceConfig> found = dataSources.findById(id);
    if (found.isEmpty()
        || !found.get().enabled()
        || !grants.grantedTo(caller.principals()).contains(id)) {
      throw forbidden(id);
    }
    return found.get();
  }

  /** The data sources {@code caller} may use (for an admin: all of them, disabled ones too). */
  public List<DataSourceConfig> visible(Caller caller) {
    List<DataSourceConfig> all = dataSources.findAll();
    if (caller.admin()) {
      return all;
    }
    Set<String> granted = grants.grantedTo(caller.principals());
    return all.stream().filter(ds -> ds.enabled() && granted.contains(ds.id())).toList();
  }

  static SqmException forbidden(String id) {
    return new SqmException(
        ErrorCode.DATASOURCE_FORBIDDEN,
        "you may not ask about data source '" + id + "'",
        "dataSourceId");
  }
}
