package com.sqm.local;

import com.sqm.ai.OfflineQueryEngine;
import com.sqm.ai.QueryEngine;
import com.sqm.embedded.EmbeddedPostgresServer;
import com.sqm.local.eval.EngineEvalAsker;
import com.sqm.local.eval.EvalDatabases;
import com.sqm.local.eval.EvalDataset;
import com.sqm.local.eval.EvalDatasetReader;
import com.sqm.local.eval.EvalQuestion;
import com.sqm.local.eval.EvalReport;
import com.sqm.local.eval.EvalReportWriter;
import com.sqm.local.eval.EvalRunner;
import com.sqm.local.eval.GoldQueryRunner;
import com.sqm.local.eval.QuestionOutcome;
import com.sqm.local.eval.ResultComparator;
import com.sqm.schema.SchemaIntrospector;
import com.sqm.sql.DataSourcePools;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code sqm eval}: loads each database of an evaluation dataset into an embedded Postgres, asks
 * every question and prints execution accuracy, coverage and precision per database, per category
 * and overall; {@code --json} keeps the per-question detail.
 */
final class EvalCommand {
  static final String USAGE =
      "eval --dataset DIR [--engine offline] [--json FILE] [--db NAME]... [--limit N]";

  /** Gold queries are small analytical queries on small databases; longer means a broken one. */
  private static final long GOLD_TIMEOUT_MS = 30_000;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> environment;

  EvalCommand(PrintStream out, PrintStream err, Map<String, String> environment) {
    this.out = out;
    this.err = err;
    this.environment = environment;
  }

  /** What {@code args} ask for; {@code limit} null means every question. */
  record Options(Path dataset, String engine, Path json, List<String> databases, Integer limit) {}

  Options parse(List<String> args) throws UsageException {
    CliArgs cli =
        CliArgs.parse(args, Set.of("dataset", "engine", "json", "db", "limit"), Set.of())
            .atMostPositionals(0);
    Path dataset = Path.of(cli.required("dataset"));
    if (!Files.isDirectory(dataset)) {
      throw new UsageException("--dataset " + dataset + " is not a folder");
    }
    String engine = cli.option("engine").orElse("offline").strip().toLowerCase(Locale.ROOT);
    engine(engine);
    Integer limit =
        cli.option("limit").isPresent()
            ? cli.intOption("limit", Integer.MAX_VALUE, 1, Integer.MAX_VALUE)
            : null;
    return new Options(
        dataset, engine, cli.option("json").map(Path::of).orElse(null), cli.options("db"), limit);
  }

  /** The engine called {@code name}. */
  static QueryEngine engine(String name) throws UsageException {
    return switch (name) {
      case "offline" -> new OfflineQueryEngine();
      default -> throw new UsageException("unknown engine '" + name + "' (known: offline)");
    };
  }

  /** The questions {@code options} select from {@code dataset}, in dataset order. */
  static List<EvalQuestion> select(EvalDataset dataset, Options options) throws UsageException {
    for (String db : options.databases()) {
      if (!dataset.databases().contains(db)) {
        throw new UsageException(
            "--db " + db + " is not in the dataset (it has " + dataset.databases() + ")");
      }
    }
    return dataset.questions().stream()
        .filter(q -> options.databases().isEmpty() || options.databases().contains(q.database()))
        .limit(options.limit() == null ? Long.MAX_VALUE : options.limit())
        .toList();
  }

  int run(List<String> args) throws UsageException {
    Options options = parse(args);
    EvalDataset dataset = new EvalDatasetReader().read(options.dataset());
    List<EvalQuestion> questions = select(dataset, options);
    QueryEngine engine = engine(options.engine());
    err.printf(
        "sqm eval: %d questions on %s, engine %s; starting Postgres…%n",
        questions.size(),
        questions.stream().map(EvalQuestion::database).distinct().toList(),
        engine.name());
    EvalReport report;
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(null, 0);
        DataSourcePools pools = new DataSourcePools(environment::get)) {
      EvalDatabases databases = new EvalDatabases(postgres, dataset, readerPassword());
      EvalRunner runner =
          new EvalRunner(
              new EngineEvalAsker(engine, pools, new SchemaIntrospector()),
              databases::get,
              new GoldQueryRunner(GOLD_TIMEOUT_MS),
              new ResultComparator());
      AtomicInteger done = new AtomicInteger();
      report =
          runner.run(
              questions,
              engine.name(),
              options.dataset().toString(),
              outcome -> progress(done.incrementAndGet(), questions.size(), outcome));
    }
    EvalReportWriter writer = new EvalReportWriter();
    out.print(writer.text(report));
    if (options.json() != null) {
      writer.json(report, options.json());
      out.println("Per-question detail: " + options.json());
    }
    return SqmCli.OK;
  }

  private void progress(int done, int total, QuestionOutcome outcome) {
    err.printf(
        Locale.ROOT,
        "[%d/%d] %-16s %-34s %-8s %s%n",
        done,
        total,
        outcome.database(),
        outcome.category(),
        outcome.verdict().label(),
        outcome.errorCode() == null ? "" : outcome.errorCode());
  }

  private static String readerPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
