package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.local.runtime.DataDirectory;
import com.sqm.local.runtime.LocalPostgres;
import com.sqm.local.runtime.LocalStartupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local runner's Postgres on a temporary data directory: its superuser needs a password. */
class LocalPostgresIT {
  @TempDir Path dataDir;

  @Test
  void shouldSetPasswordAndStopTrusting_whenDataDirIsFromAnEarlierVersion() throws Exception {
    DataDirectory dir = DataDirectory.prepare(dataDir);
    try (EmbeddedPostgresServer trusting = EmbeddedPostgresServer.start(dir.postgres(), 0)) {
      trusting.createDatabaseIfMissing("kept");
    }
    assertThat(EmbeddedPostgresServer.trustsConnections(dir.postgres())).isTrue();

    try (EmbeddedPostgresServer upgraded = LocalPostgres.start(dir, 0)) {
      String password = Files.readString(dir.postgresPassword()).strip();

      assertThat(EmbeddedPostgresServer.trustsConnections(dir.postgres())).isFalse();
      assertThat(
              PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.postgresPassword())))
          .isEqualTo("rw-------");
      LocalCredentials.assertPostgresAsksForPassword(upgraded.port(), password);
      assertThat(upgraded.createDatabaseIfMissing("kept")).as("data kept").isFalse();
    }
  }

  @Test
  void shouldCreateClusterWithPasswordAndReuseIt_whenRestarted() throws Exception {
    DataDirectory dir = DataDirectory.prepare(dataDir);
    try (EmbeddedPostgresServer first = LocalPostgres.start(dir, 0)) {
      first.createDatabaseIfMissing("kept");
    }
    String password = Files.readString(dir.postgresPassword()).strip();

    try (EmbeddedPostgresServer again = LocalPostgres.start(dir, 0);
        Connection c = LocalCredentials.connect(again.port(), password);
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT count(*) FROM pg_database WHERE datname = 'kept'")) {
      assertThat(Files.readString(dir.postgresPassword()).strip()).isEqualTo(password);
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(1);
      assertThat(EmbeddedPostgresServer.trustsConnections(dir.postgres())).isFalse();
      assertThat(LocalPostgres.password(dir)).isEqualTo(password);
    }
  }

  @Test
  void shouldRefuseToStart_whenPasswordFileOfProtectedClusterIsMissing() throws Exception {
    DataDirectory dir = DataDirectory.prepare(dataDir);
    LocalPostgres.start(dir, 0).close();
    Files.delete(dir.postgresPassword());

    assertThatThrownBy(() -> LocalPostgres.start(dir, 0))
        .isInstanceOf(LocalStartupException.class)
        .hasMessageContaining("postgres.password is missing");
    assertThat(dir.postgresPassword()).doesNotExist();
  }
}
