package com.sqm.sql;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Refuses SQL naming a function the data source itself defines in an allowed schema. PostgreSQL
 * reads {@code t.f} as {@code f(t)} when {@code t} has no column {@code f}, and may prefer a user
 * overload of an allowlisted name, so the guard's allowlist alone cannot keep such functions from
 * running. Functions that belong to an installed extension are left to the DBA who installed it.
 */
final class UserFunctionCheck {
  private static final String MATCHING_USER_FUNCTIONS =
      """
      SELECT n.nspname, p.proname
        FROM pg_catalog.pg_proc p
        JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
       WHERE n.nspname = ANY (?) AND p.proname = ANY (?)
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                          WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                            AND d.objid = p.oid AND d.deptype = 'e')
       ORDER BY 1, 2
       LIMIT 1
      """;

  private UserFunctionCheck() {}

  static void check(Connection connection, List<String> allowedSchemas, GuardedSql guarded)
      throws SQLException {
    if (guarded.referencedNames().isEmpty()) {
      return;
    }
    List<String> schemas =
        allowedSchemas == null || allowedSchemas.isEmpty() ? List.of("public") : allowedSchemas;
    try (PreparedStatement ps = connection.prepareStatement(MATCHING_USER_FUNCTIONS)) {
      Array schemaArray = connection.createArrayOf("text", schemas.toArray());
      Array nameArray = connection.createArrayOf("text", guarded.referencedNames().toArray());
      ps.setArray(1, schemaArray);
      ps.setArray(2, nameArray);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          throw new SqlRejectedException(
              "USER_FUNCTION",
              "the data source defines function "
                  + rs.getString(1)
                  + "."
                  + rs.getString(2)
                  + ", which this query names and PostgreSQL could call; it is not run");
        }
      }
    }
  }
}
