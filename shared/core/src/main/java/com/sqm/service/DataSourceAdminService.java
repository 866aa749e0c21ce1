package com.sqm.service;

import com.sqm.model.AuditAction;
import com.sqm.model.AuditEvent;
import com.sqm.model.Caller;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.DataSourceRequest;
import com.sqm.model.DataSourceView;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryTemplate;
import com.sqm.model.SqmException;
import com.sqm.model.TemplateRequest;
import com.sqm.store.AuditLog;
import com.sqm.store.DataSourceGrantRepository;
import com.sqm.store.DataSourceGrantRepository.Grant;
import com.sqm.store.DataSourceRepository;
import com.sqm.store.QueryTemplateRepository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API on data sources, their examples and their grants; and the list of data sources any
 * signed-in caller may use. Every admin operation answers FORBIDDEN to a non-admin before it looks
 * at anything else.
 */
public final class DataSourceAdminService {
  private static final Logger log = LoggerFactory.getLogger(DataSourceAdminService.class);

  private final DataSourceRepository dataSources;
  private final QueryTemplateRepository templates;
  private final DataSourceGrantRepository grants;
  private final DataSourceAccess access;
  private final DataSourceChecks checks;
  private final AuditLog audit;

  /** Admin changes are appended to {@code audit} ({@code ADMIN_*} actions). */
  public DataSourceAdminService(
      DataSourceRepository dataSources,
      QueryTemplateRepository templates,
      DataSourceGrantRepository grants,
      DataSourceAccess access,
      DataSourceChecks checks,
      AuditLog audit) {
    this.dataSources = dataSources;
    this.templates = templates;
    this.grants = grants;
    this.access = access;
    this.checks = checks;
    this.audit = audit;
  }

  /** The data sources {@code caller} may use; an admin sees all of them, with their grants. */
  public List<DataSourceView> list(Caller caller) {
    return access.visible(caller).stream()
        .map(ds -> caller.admin() ? adminView(ds, null) : DataSourceView.forUser(ds))
        .toList();
  }

  /**
   * Registers a new data source after connecting to it.
   *
   * @throws SqmException FORBIDDEN, VALIDATION_ERROR naming the field (also when the id is taken or
   *     the data source cannot be reached: {@code connectionRef})
   */
  public DataSourceView create(Caller caller, DataSourceRequest request) {
    requireAdmin(caller);
    String id = DataSourceValidation.id(request == null ? null : request.id(), "id");
    DataSourceConfig dataSource = DataSourceValidation.dataSource(id, request);
    if (dataSources.findById(id).isPresent()) {
      throw new SqmException(
          ErrorCode.VALIDATION_ERROR,
          "a data source with id '"
              + id
              + "' already exists; PUT /datasources/"
              + id
              + " changes it",
          "id");
    }
    List<String> warnings = checks.connect(dataSource);
    dataSources.upsert(dataSource);
    audit.record(
        AuditEvent.adminChange(
            caller, AuditAction.ADMIN_DATASOURCE_CREATED, id, describe(dataSource, warnings)));
    log.info(
        "data source created dataSourceId={} by={} warnings={}", id, caller.id(), warnings.size());
    return adminView(dataSource, warnings);
  }

  /** The data source {@code id} as an admin sees it. */
  public DataSourceView get(Caller caller, String id) {
    requireAdmin(caller);
    return adminView(existing(id), null);
  }

  /**
   * Replaces data source {@code id} after connecting with the new settings.
   *
   * @throws SqmException FORBIDDEN, DATASOURCE_NOT_FOUND, VALIDATION_ERROR naming the field
   */
  public DataSourceView update(Caller caller, String id, DataSourceRequest request) {
    requireAdmin(caller);
    existing(id);
    if (request != null && request.id() != null && !request.id().equals(id)) {
      throw new SqmException(
          ErrorCode.VALIDATION_ERROR, "id in the body must match the path, or be left out", "id");
    }
    DataSourceConfig dataSource = DataSourceValidation.dataSource(id, request);
    List<String> warnings = checks.connect(dataSource);
    dataSources.upsert(dataSource);
    audit.record(
        AuditEvent.adminChange(
            caller, AuditAction.ADMIN_DATASOURCE_UPDATED, id, describe(dataSource, warnings)));
    log.info(
        "data source updated dataSourceId={} by={} enabled={} warnings={}",
        id,
        caller.id(),
        dataSource.enabled(),
        warnings.size());
    return adminView(dataSource, warnings);
  }

  /** Removes data source {@code id} with its examples and grants. */
  public void delete(Caller caller, String id) {
    requireAdmin(caller);
    if (!dataSources.delete(DataSourceValidation.id(id, "id"))) {
      throw notFound(id);
    }
    audit.record(
        AuditEvent.adminChange(caller, AuditAction.ADMIN_DATASOURCE_DELETED, id, Map.of()));
    log.info("data source deleted dataSourceId={} by={}", id, caller.id());
  }

  /**
   * Adds a written example to data source {@code id}; its SQL must pass the SQL guard.
   *
   * @throws SqmException FORBIDDEN, DATASOURCE_NOT_FOUND, VALIDATION_ERROR, SQL_REJECTED
   */
  public QueryTemplate addTemplate(Caller caller, String id, TemplateRequest request) {
    requireAdmin(caller);
    DataSourceConfig dataSource = existing(id);
    TemplateRequest template = DataSourceValidation.template(request);
    checks.checkTemplateSql(dataSource, template.sql());
    QueryTemplate added =
        templates.add(
            id,
            template.name(),
            template.exampleQuestion(),
            template.sql(),
            template.description());
    audit.record(
        AuditEvent.adminChange(
            caller,
            AuditAction.ADMIN_TEMPLATE_CREATED,
            id,
            Map.of("templateId", added.id(), "name", added.name())));
    log.info("template added dataSourceId={} templateId={} by={}", id, added.id(), caller.id());
    return added;
  }

  /** The examples of data source {@code id}, written and approved ones. */
  public List<QueryTemplate> templates(Caller caller, String id) {
    requireAdmin(caller);
    existing(id);
    return templates.findByDataSource(id);
  }

  /** Removes example {@code templateId} of data source {@code id}. */
  public void deleteTemplate(Caller caller, String id, String templateId) {
    requireAdmin(caller);
    existing(id);
    long number;
    try {
      number = Long.parseLong(templateId);
    } catch (NumberFormatException e) {
      throw new SqmException(
          ErrorCode.VALIDATION_ERROR, "templateId must be a whole number", "templateId");
    }
    if (!templates.delete(id, number)) {
      throw new SqmException(
          ErrorCode.NOT_FOUND, "data source '" + id + "' has no template " + number, "templateId");
    }
    audit.record(
        AuditEvent.adminChange(
            caller, AuditAction.ADMIN_TEMPLATE_DELETED, id, Map.of("templateId", number)));
    log.info("template deleted dataSourceId={} templateId={} by={}", id, number, caller.id());
  }

  /** Lets {@code principal} use data source {@code id}; granting twice keeps the first grant. */
  public Grant grant(Caller caller, String id, String principal) {
    requireAdmin(caller);
    existing(id);
    String valid = DataSourceValidation.principal(principal);
    Grant grant = grants.grant(id, valid, caller.id());
    audit.record(
        AuditEvent.adminChange(
            caller, AuditAction.ADMIN_GRANT_ADDED, id, Map.of("principal", valid)));
    log.info("grant added dataSourceId={} principal={} by={}", id, valid, caller.id());
    return grant;
  }

  /** Withdraws {@code principal}'s grant on data source {@code id}. */
  public void revoke(Caller caller, String id, String principal) {
    requireAdmin(caller);
    existing(id);
    String valid = DataSourceValidation.principal(principal);
    if (!grants.revoke(id, valid)) {
      throw new SqmException(
          ErrorCode.NOT_FOUND, "data source '" + id + "' is not granted to " + valid, "principal");
    }
    audit.record(
        AuditEvent.adminChange(
            caller, AuditAction.ADMIN_GRANT_REMOVED, id, Map.of("principal", valid)));
    log.info("grant removed dataSourceId={} principal={} by={}", id, valid, caller.id());
  }

  /** What an audit row keeps of a created or updated data source: the reference, never a secret. */
  private static Map<String, Object> describe(DataSourceConfig ds, List<String> warnings) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("name", ds.name());
    detail.put("connectionRef", ds.connectionRef());
    detail.put("allowedSchemas", ds.allowedSchemas());
    detail.put("enabled", ds.enabled());
    detail.put("warnings", warnings.size());
    return detail;
  }

  private DataSourceView adminView(DataSourceConfig ds, List<String> warnings) {
    List<String> principals = grants.grantsOf(ds.id()).stream().map(Grant::principal).toList();
    return DataSourceView.forAdmin(ds, principals, warnings);
  }

  private DataSourceConfig existing(String id) {
    return dataSources.findById(DataSourceValidation.id(id, "id")).orElseThrow(() -> notFound(id));
  }

  private static SqmException notFound(String id) {
    return new SqmException(
        ErrorCode.DATASOURCE_NOT_FOUND, "no data source with id '" + id + "'", "id");
  }

  /**
   * FORBIDDEN unless {@code caller} is an admin; handlers call it before reading a body, so a
   * non-admin hears 403 whatever they sent.
   */
  public static void requireAdmin(Caller caller) {
    if (!caller.admin()) {
      throw new SqmException(ErrorCode.FORBIDDEN, "only admins may manage data sources", null);
    }
  }
}
