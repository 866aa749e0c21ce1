package com.sqm.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A data source as the API shows it. A user sees its id, name and description; an admin also sees
 * the connection reference (never the secret it names), schemas, limits, whether it is enabled and
 * its grants; {@code warnings} come with a create or update.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataSourceView(
    String id,
    String name,
    String description,
    String connectionRef,
    List<String> allowedSchemas,
    Boolean enabled,
    DataSourceLimits limits,
    List<String> grants,
    List<String> warnings) {

  /** What any caller who may use the data source sees. */
  public static DataSourceView forUser(DataSourceConfig ds) {
    return new DataSourceView(
        ds.id(), ds.name(), ds.description(), null, null, null, null, null, null);
  }

  /** What an admin sees. */
  public static DataSourceView forAdmin(
      DataSourceConfig ds, List<String> grants, List<String> warnings) {
    return new DataSourceView(
        ds.id(),
        ds.name(),
        ds.description(),
        ds.connectionRef(),
        ds.allowedSchemas(),
        ds.enabled(),
        ds.limits(),
        grants,
        warnings);
  }
}
