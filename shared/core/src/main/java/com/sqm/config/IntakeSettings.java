package com.sqm.config;

import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Who may submit questions by event: the EventBridge sources whose {@code QueryRequested} events
 * are accepted ({@value #EVENT_SOURCES}), and those of them trusted to say which groups the user is
 * in ({@value #GROUP_SOURCES}). Anything else is refused; groups from other sources, and from the
 * intake queue, are ignored. No event makes its caller an admin.
 */
public record IntakeSettings(Set<String> eventSources, Set<String> groupSources) {
  public static final String EVENT_SOURCES = "SQM_INTAKE_EVENT_SOURCES";
  public static final String GROUP_SOURCES = "SQM_INTAKE_GROUP_SOURCES";

  public IntakeSettings {
    eventSources = Set.copyOf(eventSources);
    // Trusting a source's groups means nothing unless its events are accepted at all.
    groupSources =
        groupSources.stream()
            .filter(eventSources::contains)
            .collect(Collectors.toUnmodifiableSet());
  }

  /** Reads {@value #EVENT_SOURCES} and {@value #GROUP_SOURCES} (comma-separated; empty: none). */
  public static IntakeSettings from(Function<String, String> env) {
    return new IntakeSettings(list(env.apply(EVENT_SOURCES)), list(env.apply(GROUP_SOURCES)));
  }

  public static IntakeSettings fromEnvironment() {
    return from(System::getenv);
  }

  /** Whether events from {@code source} may submit questions. */
  public boolean accepts(String source) {
    return source != null && eventSources.contains(source);
  }

  /** Whether {@code source} may say which groups its user is in. */
  public boolean trustsGroupsOf(String source) {
    return source != null && groupSources.contains(source);
  }

  private static Set<String> list(String value) {
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(value.split(","))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }
}
