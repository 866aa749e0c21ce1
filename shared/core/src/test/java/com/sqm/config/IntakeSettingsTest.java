package com.sqm.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IntakeSettingsTest {

  @Test
  void shouldAcceptNoSource_whenNothingIsConfigured() {
    IntakeSettings settings = IntakeSettings.from(Map.<String, String>of()::get);

    assertThat(settings.accepts("com.example.reports")).isFalse();
    assertThat(settings.accepts(null)).isFalse();
    assertThat(settings.trustsGroupsOf("com.example.reports")).isFalse();
  }

  @Test
  void shouldReadTrimmedCommaSeparatedSources_whenConfigured() {
    IntakeSettings settings =
        IntakeSettings.from(
            Map.of(
                    IntakeSettings.EVENT_SOURCES, " com.example.reports, ,com.example.directory ",
                    IntakeSettings.GROUP_SOURCES, "com.example.directory")
                ::get);

    assertThat(settings.eventSources())
        .containsExactlyInAnyOrder("com.example.reports", "com.example.directory");
    assertThat(settings.accepts("com.example.reports")).isTrue();
    assertThat(settings.accepts("com.example.reports ")).isFalse();
    assertThat(settings.trustsGroupsOf("com.example.directory")).isTrue();
    assertThat(settings.trustsGroupsOf("com.example.reports")).isFalse();
  }

  @Test
  void shouldTrustNoGroups_whenTheGroupSourceIsNotAnAcceptedSource() {
    IntakeSettings settings =
        IntakeSettings.from(
            Map.of(
                    IntakeSettings.EVENT_SOURCES, "com.example.reports",
                    IntakeSettings.GROUP_SOURCES, "com.example.directory")
                ::get);

    assertThat(settings.trustsGroupsOf("com.example.directory")).isFalse();
    assertThat(settings.groupSources()).isEmpty();
  }
}
