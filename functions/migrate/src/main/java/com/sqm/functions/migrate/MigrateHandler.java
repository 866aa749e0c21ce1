package com.sqm.functions.migrate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import com.sqm.api.LambdaInvocation;
import com.sqm.config.AppConfig;
import com.sqm.secret.SecretStores;
import com.sqm.store.Database;
import com.sqm.store.Migrations;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The custom resource that migrates the database at deploy time: on Create and Update it applies
 * the pending Flyway migrations and answers SUCCESS (or FAILED with the reason, which fails the
 * deployment); on Delete it answers SUCCESS and leaves the data alone.
 */
public final class MigrateHandler
    implements RequestHandler<CloudFormationCustomResourceEvent, Void> {
  /**
   * One id for the life of the stack: an Update never replaces the resource (no Delete follows).
   */
  static final String PHYSICAL_RESOURCE_ID = "sqm-database-migrations";

  private static final Logger log = LoggerFactory.getLogger(MigrateHandler.class);
  private final Supplier<DataSource> database;
  private final CustomResourceResponder responder;
  private final LambdaInvocation invocation = new LambdaInvocation();

  /** Used by Lambda: the application database of the environment, built on first use. */
  public MigrateHandler() {
    this(
        new Supplier<>() {
          private DataSource pool;

          @Override
          public DataSource get() {
            if (pool == null) {
              AppConfig config = AppConfig.from(System::getenv);
              pool =
                  Database.pool(
                      config,
                      Database.password(
                          config, () -> SecretStores.fromEnvironment(System::getenv)));
            }
            return pool;
          }
        },
        new CustomResourceResponder(Duration.ofSeconds(10)));
  }

  public MigrateHandler(Supplier<DataSource> database, CustomResourceResponder responder) {
    this.database = database;
    this.responder = responder;
  }

  @Override
  public Void handleRequest(CloudFormationCustomResourceEvent event, Context context) {
    invocation.run(context, () -> respond(event));
    return null;
  }

  private void respond(CloudFormationCustomResourceEvent event) {
    String type = event.getRequestType();
    if ("Delete".equals(type)) {
      // The database outlives this resource (it has a deletion policy of its own).
      responder.success(event, PHYSICAL_RESOURCE_ID, Map.of());
    } else if ("Create".equals(type) || "Update".equals(type)) {
      migrate(event);
    } else {
      responder.failed(event, PHYSICAL_RESOURCE_ID, "Unknown RequestType " + type);
    }
  }

  private void migrate(CloudFormationCustomResourceEvent event) {
    MigrateResult result;
    try {
      result = Migrations.migrate(database.get());
    } catch (FlywayException | IllegalStateException e) {
      // IllegalStateException: the database password's secret could not be read.
      log.error("migrations failed: {}", e.getMessage());
      responder.failed(event, PHYSICAL_RESOURCE_ID, "Migrations failed: " + e.getMessage());
      return;
    }
    // Flyway names a target version only when it applied something.
    String version =
        result.targetSchemaVersion != null
            ? result.targetSchemaVersion
            : String.valueOf(result.initialSchemaVersion);
    log.info("migrations applied={} schemaVersion={}", result.migrationsExecuted, version);
    responder.success(
        event,
        PHYSICAL_RESOURCE_ID,
        Map.of(
            "MigrationsApplied",
            String.valueOf(result.migrationsExecuted),
            "SchemaVersion",
            version));
  }
}
