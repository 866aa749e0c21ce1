package com.sqm.local.load;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** A load report as the few lines {@code ./sqm load} prints. */
public final class LoadReportText {
  private LoadReportText() {}

  public static String format(LoadReport report) {
    StringBuilder text = new StringBuilder();
    line(
        text,
        "sqm load: %d questions as %d user%s, %d at a time, to %s (answer cache %s)",
        report.queries(),
        report.users(),
        report.users() == 1 ? "" : "s",
        report.concurrency(),
        report.url(),
        report.cache() ? "allowed" : "off");
    line(
        text,
        "submitted  %d in %.1f s: %.1f/s",
        report.submitted(),
        report.submitSeconds(),
        report.submitPerSecond());
    line(
        text, "rejected   %d%s", report.submitted() - report.accepted(), detail(report.rejected()));
    line(text, "completed  %d", report.completed());
    line(text, "failed     %d%s", total(report.failed()), detail(report.failed()));
    line(
        text,
        "lost       %d%s",
        report.lost(),
        report.lost() == 0
            ? ""
            : detail(report.lostByStatus())
                + " unfinished after the "
                + report.timeoutSeconds()
                + " s timeout");
    if (report.drain() != null) {
      drain(text, "drain     ", report.drain(), "first accepted to last finished");
    }
    if (report.drainAfterSubmit() != null) {
      drain(text, "          ", report.drainAfterSubmit(), "after the last was accepted");
    }
    if (report.latencyMs() != null) {
      line(
          text,
          "latency    p50 %d ms, p95 %d ms, max %d ms (accepted to finished)",
          report.latencyMs().p50(),
          report.latencyMs().p95(),
          report.latencyMs().max());
    }
    return text.toString();
  }

  private static void drain(StringBuilder text, String label, LoadReport.Drain drain, String span) {
    line(
        text,
        "%s %d finished in %.1f s: %.1f/s (%s)",
        label,
        drain.finished(),
        drain.seconds(),
        drain.perSecond(),
        span);
  }

  private static void line(StringBuilder text, String format, Object... args) {
    text.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
  }

  private static int total(Map<String, Integer> counts) {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  private static String detail(Map<String, Integer> counts) {
    return counts.isEmpty()
        ? ""
        : counts.entrySet().stream()
            .map(e -> e.getKey() + ": " + e.getValue())
            .collect(Collectors.joining(", ", " (", ")"));
  }
}
