package com.sqm.local.runtime;

import com.sqm.embedded.DemoShopDataset;
import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.local.SecretFile;
import com.sqm.model.DataSourceConfig;
import com.sqm.secret.LocalSecretStore;
import com.sqm.sql.ReaderRoleGrants;
import java.util.List;
import javax.sql.DataSource;

/**
 * The {@code demo} data source of the local runner: the seeded shop in {@code demo_shop}, read
 * through a read-only role whose password is kept in the data directory. Its row names the local
 * secret {@value #SECRET} ({@code jdbcUrl} is what that secret holds); it is granted to everyone.
 */
record DemoDataSource(DataSourceConfig config, String jdbcUrl) {
  static final String ID = "demo";
  static final String SECRET = "demo-reader";
  static final String READER_ROLE = "sqm_demo_reader";
  static final List<String> SCHEMAS = List.of("public");

  /**
   * Seeds the shop (once), (re)applies the reader role's grants and returns the row to register.
   */
  static DemoDataSource prepare(EmbeddedPostgresServer postgres, DataDirectory dir) {
    return prepare(
        postgres.superuserDataSource(DemoShopDataset.DATABASE),
        "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + DemoShopDataset.DATABASE,
        dir);
  }

  /**
   * As above on any Postgres: {@code superuser} connects to {@code databaseUrl}, the shop's
   * database, as a role that may create roles.
   */
  static DemoDataSource prepare(DataSource superuser, String databaseUrl, DataDirectory dir) {
    DemoShopDataset.seed(superuser);
    String password = SecretFile.readOrCreate(dir.demoReaderPassword(), 24);
    new ReaderRoleGrants(READER_ROLE, SCHEMAS, password).apply(superuser);
    String jdbcUrl =
        databaseUrl
            + (databaseUrl.contains("?") ? "&" : "?")
            + "user="
            + READER_ROLE
            + "&password="
            + password;
    // The port changes on every start, so the secret is rewritten each time.
    new LocalSecretStore(dir.secrets()).put(SECRET, jdbcUrl);
    return new DemoDataSource(
        new DataSourceConfig(
            ID,
            "Demo shop",
            "A sample web shop: customers, products, orders and order items (2024-2025).",
            "secret:" + SECRET,
            SCHEMAS,
            true,
            null),
        jdbcUrl);
  }
}
