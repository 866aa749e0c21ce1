package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.local.auth.DevSigningKey;
import com.sqm.local.load.LoadReport;
import com.sqm.local.load.LoadReportText;
import com.sqm.local.load.LoadSettings;
import com.sqm.local.load.LoadSubmitter;
import com.sqm.local.load.LoadUser;
import com.sqm.local.load.QueryState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadCommandTest {
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  @TempDir Path dataDir;

  private LoadCommand command;

  @BeforeEach
  void createDevKey() {
    DevSigningKey.loadOrCreate(dataDir);
    command =
        new LoadCommand(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), dataDir);
  }

  @Test
  void shouldUseDefaults_whenOnlyQueriesAndConcurrencyGiven() throws UsageException {
    LoadCommand.Request request =
        command.parse(List.of("--queries", "1000", "--concurrency", "50"));

    assertThat(request.settings())
        .isEqualTo(
            new LoadSettings(
                URI.create("http://127.0.0.1:3000"), 1000, 50, Duration.ofMinutes(5), false));
    assertThat(request.dataDir()).isEqualTo(dataDir);
    assertThat(request.json()).isFalse();
    assertThat(request.settings().users()).isEqualTo(20);
  }

  @Test
  void shouldTakeEveryOption_whenAllGiven() throws UsageException {
    LoadCommand.Request request =
        command.parse(
            List.of(
                "--queries=51",
                "--concurrency=3",
                "--url",
                "http://localhost:3100/",
                "--data-dir",
                dataDir.toString(),
                "--timeout",
                "20",
                "--cache",
                "--json"));

    assertThat(request.settings())
        .isEqualTo(
            new LoadSettings(
                URI.create("http://localhost:3100"), 51, 3, Duration.ofSeconds(20), true));
    assertThat(request.settings().users()).isEqualTo(2);
    assertThat(request.json()).isTrue();
  }

  @Test
  void shouldFailWithUsage_whenArgumentsAreWrong() {
    assertUsage(List.of("--concurrency", "5"), "--queries is required");
    assertUsage(List.of("--queries", "5"), "--concurrency is required");
    assertUsage(List.of("--queries", "0", "--concurrency", "5"), "--queries must be between 1");
    assertUsage(List.of("--queries", "ten", "--concurrency", "5"), "whole number");
    assertUsage(
        List.of("--queries", "5", "--concurrency", "5", "--url", "ftp://host"),
        "--url must be an http(s) URL");
    assertUsage(List.of("--queries", "5", "--concurrency", "5", "extra"), "unexpected argument");
  }

  @Test
  void shouldFailWithUsage_whenDataDirHoldsNoDevKey(@TempDir Path empty) {
    assertUsage(
        List.of("--queries", "5", "--concurrency", "5", "--data-dir", empty.toString()),
        "holds no dev-jwt.key");
  }

  @Test
  void shouldExitWithUsageStatus_whenRunFromTheCliWithBadArguments() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    SqmCli cli =
        new SqmCli(
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            dataDir);

    assertThat(cli.run(List.of("load", "--queries", "5"))).isEqualTo(SqmCli.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--concurrency is required");
  }

  @Test
  void shouldCountEveryOutcome_whenSomeFailedAndSomeWereLost() {
    LoadUser user = new LoadUser("load-1", "token");
    List<LoadSubmitter.Accepted> accepted = new ArrayList<>();
    Map<String, QueryState> states = new HashMap<>();
    for (int i = 1; i <= 20; i++) {
      String id = "q" + i;
      accepted.add(new LoadSubmitter.Accepted(id, user));
      Instant created = T0.plusMillis(100L * i);
      if (i <= 16) {
        states.put(id, finished(id, "COMPLETED", null, created, created.plusMillis(i * 10L)));
      } else if (i <= 18) {
        states.put(id, finished(id, "FAILED", "DATASOURCE_ERROR", created, created.plusMillis(5)));
      } else if (i == 19) {
        states.put(id, new QueryState(id, "PROCESSING", null, created, null));
      }
    }
    LoadSubmitter.Result submit =
        new LoadSubmitter.Result(accepted, Map.of("503", 3), Duration.ofSeconds(2));

    LoadReport report =
        LoadReport.of(
            new LoadSettings(
                URI.create("http://127.0.0.1:3000"), 23, 4, Duration.ofSeconds(9), false),
            submit,
            states);

    assertThat(report.submitted()).isEqualTo(23);
    assertThat(report.accepted()).isEqualTo(20);
    assertThat(report.rejected()).containsExactly(Map.entry("503", 3));
    assertThat(report.completed()).isEqualTo(16);
    assertThat(report.failed()).containsExactly(Map.entry("DATASOURCE_ERROR", 2));
    assertThat(report.lost()).isEqualTo(2);
    assertThat(report.lostByStatus()).containsEntry("PROCESSING", 1).containsEntry("UNSEEN", 1);
    assertThat(report.submitPerSecond()).isEqualTo(11.5);
    // 18 finished from T0+100 ms (the first accepted) to T0+1,805 ms (q18 accepted at 1,800 + 5).
    assertThat(report.drain()).isEqualTo(new LoadReport.Drain(18, 1.705, 18 / 1.705));
    // Nothing finished after the last accepted one (q19, at T0+1,900 ms, still processing).
    assertThat(report.drainAfterSubmit()).isNull();
    // Sorted latencies: 5, 5, 10, 20, ... 160 ms; the 9th of 18 is the median, the 18th the p95.
    assertThat(report.latencyMs()).isEqualTo(new LoadReport.Latency(70, 160, 160));
    assertThat(report.exitCode()).isEqualTo(1);
    assertThat(LoadReportText.format(report))
        .contains("submitted  23 in 2.0 s: 11.5/s")
        .contains("rejected   3 (503: 3)")
        .contains("completed  16")
        .contains("failed     2 (DATASOURCE_ERROR: 2)")
        .contains("lost       2 (PROCESSING: 1, UNSEEN: 1) unfinished after the 9 s timeout")
        .contains("drain      18 finished in 1.7 s: 10.6/s")
        .contains("latency    p50 70 ms, p95 160 ms, max 160 ms");
  }

  @Test
  void shouldExitZero_whenEveryAcceptedQueryFinished() {
    LoadUser user = new LoadUser("load-1", "token");
    LoadReport report =
        LoadReport.of(
            new LoadSettings(
                URI.create("http://127.0.0.1:3000"), 3, 1, Duration.ofSeconds(9), false),
            new LoadSubmitter.Result(
                List.of(
                    new LoadSubmitter.Accepted("q1", user),
                    new LoadSubmitter.Accepted("q2", user),
                    new LoadSubmitter.Accepted("q3", user)),
                Map.of(),
                Duration.ofMillis(50)),
            Map.of(
                "q1", finished("q1", "COMPLETED", null, T0, T0.plusMillis(15)),
                "q2", finished("q2", "COMPLETED", null, T0.plusMillis(10), T0.plusMillis(40)),
                "q3", finished("q3", "COMPLETED", null, T0.plusMillis(20), T0.plusMillis(60))));

    assertThat(report.lost()).isZero();
    assertThat(report.exitCode()).isZero();
    assertThat(report.drain()).isEqualTo(new LoadReport.Drain(3, 0.06, 3 / 0.06));
    // q2 and q3 finished after q3, the last, was accepted at T0+20 ms.
    assertThat(report.drainAfterSubmit()).isEqualTo(new LoadReport.Drain(2, 0.04, 2 / 0.04));
    assertThat(LoadReportText.format(report))
        .contains("as 1 user,")
        .contains("lost       0")
        .contains("drain      3 finished in 0.1 s: 50.0/s (first accepted to last finished)")
        .contains("           2 finished in 0.0 s: 50.0/s (after the last was accepted)");
  }

  @Test
  void shouldExitNonZero_whenNothingWasAccepted() {
    LoadReport report =
        LoadReport.of(
            new LoadSettings(
                URI.create("http://127.0.0.1:3000"), 2, 1, Duration.ofSeconds(9), false),
            new LoadSubmitter.Result(List.of(), Map.of("401", 2), Duration.ofMillis(50)),
            Map.of());

    assertThat(report.exitCode()).isEqualTo(1);
    assertThat(report.latencyMs()).isNull();
    assertThat(LoadReportText.format(report)).doesNotContain("drain").doesNotContain("latency");
  }

  private void assertUsage(List<String> args, String message) {
    assertThatThrownBy(() -> command.parse(args))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining(message);
  }

  private static QueryState finished(
      String id, String status, String code, Instant created, Instant completed) {
    return new QueryState(id, status, code, created, completed);
  }
}
