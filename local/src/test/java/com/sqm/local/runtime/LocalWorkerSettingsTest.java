package com.sqm.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalWorkerSettingsTest {

  @Test
  void shouldRunFourPollersWithSixtySecondVisibility_whenNothingIsSet() {
    LocalWorkerSettings settings = LocalWorkerSettings.from(Map.of());

    assertThat(settings.concurrency()).isEqualTo(4);
    assertThat(settings.visibilityTimeoutSeconds()).isEqualTo(60);
  }

  @Test
  void shouldSizeDatabasePoolForPollersAndHttpThreads_whenConcurrencyIsSet() {
    LocalWorkerSettings settings =
        LocalWorkerSettings.from(
            Map.of(
                LocalWorkerSettings.CONCURRENCY,
                "10",
                LocalWorkerSettings.VISIBILITY_TIMEOUT,
                "1"));

    assertThat(settings.concurrency()).isEqualTo(10);
    assertThat(settings.visibilityTimeoutSeconds()).isEqualTo(1);
    assertThat(settings.databasePoolSize()).isGreaterThan(10);
  }

  @Test
  void shouldRefuseNamingTheSetting_whenConcurrencyIsNotAPositiveNumber() {
    assertThatThrownBy(() -> LocalWorkerSettings.from(Map.of(LocalWorkerSettings.CONCURRENCY, "0")))
        .isInstanceOf(LocalStartupException.class)
        .hasMessageContaining("SQM_LOCAL_WORKER_CONCURRENCY must be a whole number from 1 to 64");
    assertThatThrownBy(
            () -> LocalWorkerSettings.from(Map.of(LocalWorkerSettings.VISIBILITY_TIMEOUT, "soon")))
        .isInstanceOf(LocalStartupException.class)
        .hasMessageContaining("SQM_LOCAL_VISIBILITY_TIMEOUT_SECONDS");
  }
}
