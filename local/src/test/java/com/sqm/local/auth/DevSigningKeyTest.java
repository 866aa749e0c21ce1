package com.sqm.local.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevSigningKeyTest {
  @TempDir Path dataDir;

  @Test
  void shouldCreateOwnerOnlyKeyFile_whenDataDirIsNew() throws Exception {
    DevSigningKey.loadOrCreate(dataDir.resolve("nested"));

    Path file = dataDir.resolve("nested").resolve(DevSigningKey.FILE_NAME);
    assertThat(file).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Base64.getUrlDecoder().decode(Files.readString(file).trim()))
        .hasSizeGreaterThanOrEqualTo(32);
    try (var siblings = Files.list(file.getParent())) {
      assertThat(siblings).containsExactly(file);
    }
  }

  @Test
  void shouldAcceptEarlierTokens_whenKeyIsLoadedAgain() {
    String token =
        new DevTokenIssuer(DevSigningKey.loadOrCreate(dataDir), Clock.systemUTC())
            .issue("alice", Duration.ofHours(1));

    DevSigningKey reloaded = DevSigningKey.loadOrCreate(dataDir);

    assertThat(new JwtAuthorizer(reloaded, Clock.systemUTC()).authorize("Bearer " + token))
        .isInstanceOf(JwtAuthorizer.Allowed.class);
  }

  @Test
  void shouldRefuse_whenKeyFileTooShort() throws Exception {
    Files.writeString(
        dataDir.resolve(DevSigningKey.FILE_NAME),
        Base64.getUrlEncoder().encodeToString(new byte[8]));

    assertThatThrownBy(() -> DevSigningKey.loadOrCreate(dataDir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("delete it");
  }
}
