package com.sqm.local.eval;

import com.sqm.config.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Writes an {@link EvalReport} as a text table (aggregates only) or as JSON (everything). */
public final class EvalReportWriter {
  private static final String ROW = "%-36s %9s %9s %8s %7s %9s %9s %10s%n";

  /** The aggregates per database, per category and overall, as aligned text. */
  public String text(EvalReport report) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "Evaluation of engine %s on %s: %d questions in %.1f s%n",
            report.engine(),
            report.dataset(),
            report.overall().questions(),
            report.wallTimeMs() / 1000.0));
    section(out, "database", report.byDatabase());
    section(out, "category", report.byCategory());
    out.append(System.lineSeparator());
    header(out, "");
    line(out, "overall", report.overall());
    out.append(
        String.format(
            Locale.ROOT,
            "%naccuracy = correct / questions, coverage = answered / questions,"
                + " precision = correct / answered;%nfailed = answered with SQL that did not run"
                + " (counted wrong).%n"));
    if (report.goldErrors() > 0) {
      out.append(
          String.format(
              Locale.ROOT,
              "%d question(s) had no gold query that ran (see the JSON report).%n",
              report.goldErrors()));
    }
    return out.toString();
  }

  /** The whole report, every question included, as JSON in {@code file}. */
  public void json(EvalReport report, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), report);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void section(StringBuilder out, String title, Map<String, EvalTally> tallies) {
    out.append(System.lineSeparator());
    header(out, "by " + title);
    tallies.forEach((name, tally) -> line(out, name, tally));
  }

  private static void header(StringBuilder out, String title) {
    out.append(
        String.format(
            Locale.ROOT,
            ROW,
            title,
            "questions",
            "answered",
            "correct",
            "failed",
            "accuracy",
            "coverage",
            "precision"));
  }

  private static void line(StringBuilder out, String name, EvalTally t) {
    out.append(
        String.format(
            Locale.ROOT,
            ROW,
            name,
            t.questions(),
            t.answered(),
            t.correct(),
            t.failed(),
            percent(t.accuracy()),
            percent(t.coverage()),
            t.answered() == 0 ? "-" : percent(t.precision())));
  }

  private static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
  }
}
