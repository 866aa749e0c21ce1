package com.sqm.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSecretStoreTest {
  @TempDir Path dataDir;

  @Test
  void shouldReadWhatWasPutIntoOwnerOnlyFiles_whenASecretIsStored() throws Exception {
    LocalSecretStore store = new LocalSecretStore(dataDir.resolve("secrets"));

    store.put("shop-reader", "jdbc:postgresql://db/x?user=u&password=first");
    store.put("shop-reader", "jdbc:postgresql://db/x?user=u&password=second\n");

    assertThat(store.value("shop-reader"))
        .isEqualTo("jdbc:postgresql://db/x?user=u&password=second");
    assertThat(permissions(dataDir.resolve("secrets"))).isEqualTo("rwx------");
    assertThat(permissions(dataDir.resolve("secrets/shop-reader"))).isEqualTo("rw-------");
    try (var files = Files.list(dataDir.resolve("secrets"))) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void shouldFailNamingTheSecretAndTheCommand_whenItIsMissing() {
    LocalSecretStore store = new LocalSecretStore(dataDir.resolve("secrets"));

    SqmException error = catchThrowableOfType(SqmException.class, () -> store.value("nope"));

    assertThat(error.code()).isEqualTo(ErrorCode.DATASOURCE_ERROR);
    assertThat(error.field()).isEqualTo("connectionRef");
    assertThat(error.getMessage()).contains("nope", "./sqm secret put nope");
  }

  @Test
  void shouldNotReadOutsideTheStore_whenTheNameIsAPath() throws Exception {
    Files.writeString(dataDir.resolve("outside"), "jdbc:postgresql://db/x");
    LocalSecretStore store = new LocalSecretStore(dataDir.resolve("secrets"));

    assertThatThrownBy(() -> store.value("../outside")).isInstanceOf(SqmException.class);
    assertThatThrownBy(() -> store.put("../outside", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.put("ok", "  ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldForgetTheSecret_whenItIsDeleted() {
    LocalSecretStore store = new LocalSecretStore(dataDir.resolve("secrets"));
    store.put("gone-soon", "jdbc:postgresql://db/x");

    boolean deleted = store.delete("gone-soon");

    assertThat(deleted).isTrue();
    assertThat(store.delete("gone-soon")).isFalse();
    assertThat(store.delete("../outside")).isFalse();
    assertThatThrownBy(() -> store.value("gone-soon")).isInstanceOf(SqmException.class);
  }

  private static String permissions(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
