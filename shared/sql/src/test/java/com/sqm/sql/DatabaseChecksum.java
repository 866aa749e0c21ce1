package com.sqm.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * An md5 over the database's objects (non-system relations, schemas, functions, roles, role
 * settings, large objects, databases) and the rows of every user table and sequence: equal before
 * and after means nothing was changed.
 */
final class DatabaseChecksum {
  private static final String OBJECTS =
      "SELECT md5(string_agg(x, '|' ORDER BY x)) FROM ("
          + " SELECT 'rel:' || n.nspname || '.' || c.relname || ':' || c.relkind || ':' || coalesce(c.relacl::text, '') AS x"
          + "   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + "   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"
          + "     AND n.nspname NOT LIKE 'pg_temp%'"
          + " UNION ALL SELECT 'ns:' || nspname || ':' || coalesce(nspacl::text, '') FROM pg_namespace"
          + "   WHERE nspname NOT LIKE 'pg_temp%' AND nspname NOT LIKE 'pg_toast_temp%'"
          + " UNION ALL SELECT 'fn:' || p.oid::regprocedure::text || ':' || md5(p.prosrc) FROM pg_proc p"
          + "   JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')"
          + " UNION ALL SELECT 'role:' || rolname || ':' || rolsuper || rolinherit || rolcreaterole || rolcreatedb"
          + "   || rolcanlogin || rolbypassrls || coalesce(rolconfig::text, '') FROM pg_roles"
          + " UNION ALL SELECT 'rolesetting:' || setdatabase || ':' || setrole || ':' || coalesce(setconfig::text, '')"
          + "   FROM pg_db_role_setting"
          + " UNION ALL SELECT 'lo:' || count(*) FROM pg_largeobject_metadata"
          + " UNION ALL SELECT 'db:' || datname || ':' || coalesce(datacl::text, '') FROM pg_database) s";

  private DatabaseChecksum() {}

  static String of(DataSource admin) {
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement()) {
      StringBuilder sum = new StringBuilder(single(s, OBJECTS));
      for (String[] relation : userRelations(s)) {
        String rows =
            relation[1].equals("S")
                ? "SELECT last_value || ':' || is_called FROM " + relation[0]
                : "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, ',' ORDER BY t::text)), '') FROM "
                    + relation[0]
                    + " t";
        sum.append('|').append(relation[0]).append('=').append(single(s, rows));
      }
      return sum.toString();
    } catch (SQLException e) {
      throw new IllegalStateException("checksum failed", e);
    }
  }

  private static List<String[]> userRelations(Statement s) throws SQLException {
    List<String[]> relations = new ArrayList<>();
    try (ResultSet rs =
        s.executeQuery(
            "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), c.relkind::text FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'S', 'm')"
                + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_%'"
                + " ORDER BY 1")) {
      while (rs.next()) {
        relations.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    return relations;
  }

  private static String single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
