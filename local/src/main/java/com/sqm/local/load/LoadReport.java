package com.sqm.local.load;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a load run measured. {@code submitted} is every question sent; each was either {@code
 * rejected} (by HTTP status, or "no response") or accepted, and each accepted one ended {@code
 * completed}, {@code failed} (by error code) or {@code lost} (still unfinished at the timeout, by
 * last status seen). The {@code drain} runs from the first accepted query's {@code createdAt} to
 * the last {@code completedAt} (the server's clock), so it cannot beat the submit rate; {@code
 * drainAfterSubmit} counts only what finished after the last query was accepted: the queue's own
 * pace, once nothing new arrives. Latency is each query's {@code createdAt} to {@code completedAt}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoadReport(
    String url,
    int queries,
    int concurrency,
    int users,
    boolean cache,
    long timeoutSeconds,
    int submitted,
    int accepted,
    Map<String, Integer> rejected,
    int completed,
    Map<String, Integer> failed,
    int lost,
    Map<String, Integer> lostByStatus,
    double submitSeconds,
    double submitPerSecond,
    Drain drain,
    Drain drainAfterSubmit,
    Latency latencyMs) {

  /** {@code finished} queries in {@code seconds}. */
  public record Drain(int finished, double seconds, double perSecond) {
    static Drain of(int finished, Instant from, Instant to) {
      double span = LoadReport.seconds(Duration.between(from, to));
      return new Drain(finished, span, rate(finished, span));
    }
  }

  /** Percentiles of accepted-to-finished time in milliseconds (nearest rank). */
  public record Latency(long p50, long p95, long max) {}

  /** The report of a run from what its submit phase returned and the states the waiter saw. */
  public static LoadReport of(
      LoadSettings settings, LoadSubmitter.Result submit, Map<String, QueryState> states) {
    int completed = 0;
    Map<String, Integer> failed = new TreeMap<>();
    Map<String, Integer> lostByStatus = new TreeMap<>();
    List<Long> latencies = new ArrayList<>();
    List<Instant> finishedAt = new ArrayList<>();
    Instant firstAccepted = null;
    Instant lastAccepted = null;
    for (LoadSubmitter.Accepted query : submit.accepted()) {
      QueryState state = states.get(query.id());
      if (state != null && state.createdAt() != null) {
        firstAccepted = earlier(firstAccepted, state.createdAt());
        lastAccepted = later(lastAccepted, state.createdAt());
      }
      if (state == null || !state.isFinished()) {
        lostByStatus.merge(state == null ? "UNSEEN" : state.status(), 1, Integer::sum);
        continue;
      }
      if ("COMPLETED".equals(state.status())) {
        completed++;
      } else {
        failed.merge(state.errorCode() == null ? "UNKNOWN" : state.errorCode(), 1, Integer::sum);
      }
      if (state.createdAt() != null && state.completedAt() != null) {
        latencies.add(Duration.between(state.createdAt(), state.completedAt()).toMillis());
        finishedAt.add(state.completedAt());
      }
    }
    int accepted = submit.accepted().size();
    int rejected = submit.rejected().values().stream().mapToInt(Integer::intValue).sum();
    int finished = accepted - lostByStatus.values().stream().mapToInt(Integer::intValue).sum();
    double submitSeconds = seconds(submit.elapsed());
    return new LoadReport(
        settings.baseUri().toString(),
        settings.queries(),
        settings.concurrency(),
        settings.users(),
        settings.cache(),
        settings.timeout().toSeconds(),
        accepted + rejected,
        accepted,
        new TreeMap<>(submit.rejected()),
        completed,
        failed,
        accepted - finished,
        lostByStatus,
        submitSeconds,
        rate(accepted + rejected, submitSeconds),
        finishedAt.isEmpty() ? null : Drain.of(finished, firstAccepted, last(finishedAt)),
        afterSubmit(finishedAt, lastAccepted),
        latency(latencies));
  }

  private static Drain afterSubmit(List<Instant> finishedAt, Instant lastAccepted) {
    List<Instant> after =
        lastAccepted == null
            ? List.of()
            : finishedAt.stream().filter(at -> at.isAfter(lastAccepted)).toList();
    return after.isEmpty() ? null : Drain.of(after.size(), lastAccepted, last(after));
  }

  private static Instant last(List<Instant> instants) {
    return instants.stream().max(Instant::compareTo).orElseThrow();
  }

  /** 0 when every accepted query finished; 1 when one was lost or none was accepted. */
  public int exitCode() {
    return lost == 0 && accepted > 0 ? 0 : 1;
  }

  private static Latency latency(List<Long> millis) {
    if (millis.isEmpty()) {
      return null;
    }
    Collections.sort(millis);
    return new Latency(
        percentile(millis, 50), percentile(millis, 95), millis.get(millis.size() - 1));
  }

  static long percentile(List<Long> sorted, int percent) {
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }

  private static double rate(int count, double seconds) {
    return seconds <= 0 ? count : count / seconds;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a == null || b.isBefore(a) ? b : a;
  }

  private static Instant later(Instant a, Instant b) {
    return a == null || b.isAfter(a) ? b : a;
  }
}
