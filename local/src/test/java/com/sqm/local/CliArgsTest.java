package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CliArgsTest {
  private static CliArgs parse(String... args) throws UsageException {
    return CliArgs.parse(List.of(args), Set.of("port", "data-dir"), Set.of("apply"));
  }

  @Test
  void shouldSplitPositionalsOptionsAndFlags_whenMixed() throws Exception {
    CliArgs args = parse("alice", "--port", "3001", "--apply", "--data-dir=/tmp/x");

    assertThat(args.positionals()).containsExactly("alice");
    assertThat(args.intOption("port", 3000, 1, 65535)).isEqualTo(3001);
    assertThat(args.option("data-dir")).contains("/tmp/x");
    assertThat(args.flag("apply")).isTrue();
  }

  @Test
  void shouldUseFallback_whenOptionAbsent() throws Exception {
    CliArgs args = parse();

    assertThat(args.intOption("port", 3000, 1, 65535)).isEqualTo(3000);
    assertThat(args.option("data-dir")).isEmpty();
    assertThat(args.flag("apply")).isFalse();
  }

  @Test
  void shouldTreatEverythingAfterDoubleDashAsPositional() throws Exception {
    assertThat(parse("--", "--port").positionals()).containsExactly("--port");
  }

  @Test
  void shouldRejectUnknownOption() {
    assertThatThrownBy(() -> parse("--verbose"))
        .isInstanceOf(UsageException.class)
        .hasMessage("unknown option --verbose");
  }

  @Test
  void shouldRejectMissingValue_whenOptionIsLast() {
    assertThatThrownBy(() -> parse("--port"))
        .isInstanceOf(UsageException.class)
        .hasMessage("--port needs a value");
  }

  @Test
  void shouldRejectMissingValue_whenNextArgIsAnOption() {
    assertThatThrownBy(() -> parse("--port", "--apply")).isInstanceOf(UsageException.class);
  }

  @Test
  void shouldRejectValueOnFlag() {
    assertThatThrownBy(() -> parse("--apply=yes"))
        .isInstanceOf(UsageException.class)
        .hasMessage("--apply takes no value");
  }

  @Test
  void shouldRejectNonNumericOrOutOfRangeInt() throws Exception {
    assertThatThrownBy(() -> parse("--port", "abc").intOption("port", 3000, 1, 65535))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("whole number");
    assertThatThrownBy(() -> parse("--port", "70000").intOption("port", 3000, 1, 65535))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("between 1 and 65535");
  }

  @Test
  void shouldRejectExtraPositionals() {
    assertThatThrownBy(() -> parse("a", "b").atMostPositionals(1))
        .isInstanceOf(UsageException.class)
        .hasMessage("unexpected argument 'b'");
  }
}
