package com.sqm.local.runtime;

import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.local.SecretFile;
import java.nio.file.Files;

/**
 * The Postgres of a local data directory: its superuser's password is generated once, kept in the
 * data directory (owner-only) and asked of every connection.
 */
public final class LocalPostgres {
  private static final int PASSWORD_BYTES = 24;

  private LocalPostgres() {}

  /** Starts (creating or upgrading the cluster if need be) on {@code port}; 0 picks a free one. */
  public static EmbeddedPostgresServer start(DataDirectory dir, int port) {
    if (Files.notExists(dir.postgresPassword())
        && EmbeddedPostgresServer.isPasswordProtected(dir.postgres())) {
      throw new LocalStartupException(
          "the Postgres in "
              + dir.postgres()
              + " asks for a password, but "
              + dir.postgresPassword()
              + " is missing: restore that file, or delete "
              + dir.root()
              + " to start from scratch");
    }
    SecretFile.readOrCreate(dir.postgresPassword(), PASSWORD_BYTES);
    return EmbeddedPostgresServer.startProtected(dir.postgres(), port, dir.postgresPassword());
  }

  /** The superuser's password of an existing cluster. */
  public static String password(DataDirectory dir) {
    return SecretFile.read(dir.postgresPassword());
  }
}
