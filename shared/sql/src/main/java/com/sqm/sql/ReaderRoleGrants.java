package com.sqm.sql;

import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The SQL that makes a dedicated read-only role for a data source: SELECT on the allowed schemas
 * only, read-only transactions by default, no CREATE on public and no TEMP. Safe to run again.
 */
public record ReaderRoleGrants(String role, List<String> schemas, String password) {
  private static final String IDENTIFIER = "[a-z_][a-z0-9_]{0,62}";

  public ReaderRoleGrants {
    if (role == null || !role.matches(IDENTIFIER)) {
      throw new SqmException(
          ErrorCode.VALIDATION_ERROR, "role must be a lower-case identifier", "role");
    }
    schemas = schemas == null || schemas.isEmpty() ? List.of("public") : List.copyOf(schemas);
    for (String schema : schemas) {
      if (!schema.matches(IDENTIFIER)
          || schema.startsWith("pg_")
          || schema.equals("information_schema")) {
        throw new SqmException(
            ErrorCode.VALIDATION_ERROR,
            "schema must be a lower-case user schema: " + schema,
            "schema");
      }
    }
  }

  /**
   * The statements, in order; the password (if any) appears only in the ALTER ROLE … PASSWORD line.
   */
  public List<String> statements() {
    List<String> sql = new ArrayList<>();
    sql.add(
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '"
            + role
            + "') THEN "
            + "CREATE ROLE "
            + role
            + " NOLOGIN; END IF; END $$");
    sql.add(
        "ALTER ROLE "
            + role
            + " NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT "
            + (password == null ? "NOLOGIN" : "LOGIN PASSWORD " + literal(password)));
    sql.add("ALTER ROLE " + role + " SET default_transaction_read_only = on");
    sql.add(
        "DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO "
            + role
            + "', current_database()); "
            + "EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database()); END $$");
    sql.add("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    for (String schema : schemas) {
      sql.add("REVOKE CREATE ON SCHEMA " + schema + " FROM " + role);
      sql.add("GRANT USAGE ON SCHEMA " + schema + " TO " + role);
      sql.add("GRANT SELECT ON ALL TABLES IN SCHEMA " + schema + " TO " + role);
      // covers tables later created by the role that runs this script
      sql.add(
          "ALTER DEFAULT PRIVILEGES IN SCHEMA " + schema + " GRANT SELECT ON TABLES TO " + role);
    }
    return List.copyOf(sql);
  }

  /** The statements as a script to print; {@code redactPassword} masks the password. */
  public String script(boolean redactPassword) {
    StringBuilder out = new StringBuilder();
    out.append("-- read-only role ")
        .append(role)
        .append(" for schemas ")
        .append(schemas)
        .append('\n');
    out.append(
        "-- note: revokes TEMPORARY on the database and CREATE on schema public from PUBLIC\n");
    for (String statement : statements()) {
      String line =
          redactPassword && password != null
              ? statement.replace(literal(password), "'***'")
              : statement;
      out.append(line).append(";\n");
    }
    return out.toString();
  }

  /** Runs the statements as an administrator, in one transaction. */
  public void apply(DataSource admin) {
    try (Connection connection = admin.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (Statement s = connection.createStatement()) {
        for (String statement : statements()) {
          s.execute(statement);
        }
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new SqmException(
          ErrorCode.DATASOURCE_ERROR,
          "granting read-only role " + role + " failed: " + e.getMessage());
    }
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  @Override
  public String toString() {
    return "ReaderRoleGrants[role="
        + role
        + ", schemas="
        + schemas
        + ", password="
        + (password == null ? "none" : "***")
        + "]";
  }
}
