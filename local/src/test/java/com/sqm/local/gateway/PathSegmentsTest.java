package com.sqm.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathSegmentsTest {
  @Test
  void shouldAcceptWellFormedTargets_whenEscapesAreUtf8() {
    assertThat(PathSegments.malformedPart("/queries/caf%C3%A9", "")).isNull();
    assertThat(PathSegments.malformedPart("/queries/a+b", "q=a+b&x=%E2%82%AC&flag")).isNull();
    assertThat(PathSegments.malformedPart("/", null)).isNull();
    assertThat(PathSegments.strictDecode("caf%C3%A9")).isEqualTo("café");
  }

  @Test
  void shouldNamePath_whenEscapeTruncatedInvalidOrControl() {
    assertThat(PathSegments.malformedPart("/queries/%4", "")).isEqualTo("path");
    assertThat(PathSegments.malformedPart("/queries/%", "")).isEqualTo("path");
    assertThat(PathSegments.malformedPart("/queries/%C3%28", "")).isEqualTo("path");
    assertThat(PathSegments.malformedPart("/queries/%00", "")).isEqualTo("path");
    assertThat(PathSegments.malformedPart("/queries/%7F", "")).isEqualTo("path");
  }

  @Test
  void shouldNameQueryString_whenNameOrValueMalformed() {
    assertThat(PathSegments.malformedPart("/queries", "x=%zz")).isEqualTo("query string");
    assertThat(PathSegments.malformedPart("/queries", "%FF=1")).isEqualTo("query string");
    assertThat(PathSegments.malformedPart("/queries", "x=a%0Db")).isEqualTo("query string");
  }
}
