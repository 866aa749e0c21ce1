package com.sqm.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sqm.config.Json;
import com.sqm.model.DataSourceConfig;
import com.sqm.model.ErrorCode;
import com.sqm.pipeline.AdHocQuestions;
import com.sqm.pipeline.AdHocQuestions.Outcome;
import com.sqm.pipeline.Answer;
import com.sqm.pipeline.EngineChoice;
import com.sqm.pipeline.EngineFactory;
import com.sqm.sql.DataSourcePools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code sqm ask}: answers a question against any Postgres database, as an ad-hoc data source,
 * through the pipeline the worker runs, and prints one JSON object {@code {question, sql, columns,
 * rows, summary, visualization, error}}; with {@code --batch FILE}, one line per JSON line {@code
 * {"question", "instructions"}} of FILE, in order.
 */
final class AskCommand {
  static final String USAGE =
      "ask --jdbc-url URL [--schema S]... [--engine auto|offline|openai] [--instructions TEXT]"
          + " (\"question\" | --batch FILE)";

  /** Exit status of a single question the engine declined. */
  static final int DECLINED = 3;

  /** Exit status of a single question that failed otherwise. */
  static final int ERROR = 4;

  private final PrintStream out;
  private final Map<String, String> environment;
  private final ObjectMapper json = Json.mapper();

  AskCommand(PrintStream out, Map<String, String> environment) {
    this.out = out;
    this.environment = environment;
  }

  /** What one invocation asks. */
  record Request(
      String jdbcUrl,
      List<String> schemas,
      String engine,
      String instructions,
      String question,
      Path batch) {}

  Request parse(List<String> args) throws UsageException {
    CliArgs cli =
        CliArgs.parse(
                args, Set.of("jdbc-url", "schema", "engine", "instructions", "batch"), Set.of())
            .atMostPositionals(1);
    String url = cli.required("jdbc-url");
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new UsageException("--jdbc-url must be a jdbc:postgresql:// URL");
    }
    Path batch = cli.option("batch").map(Path::of).orElse(null);
    String question = cli.positionals().isEmpty() ? null : cli.positionals().get(0);
    if ((batch == null) == (question == null || question.isBlank())) {
      throw new UsageException("give either one question or --batch FILE");
    }
    List<String> schemas = cli.options("schema");
    return new Request(
        url,
        schemas.isEmpty() ? List.of("public") : schemas,
        cli.option("engine").orElse(environment.getOrDefault("SQM_ENGINE", "auto")),
        cli.option("instructions").orElse(null),
        question,
        batch);
  }

  int run(List<String> args) throws UsageException {
    Request request = parse(args);
    DataSourceConfig dataSource = AdHocQuestions.dataSource(request.jdbcUrl(), request.schemas());
    try (DataSourcePools pools = new DataSourcePools(environment::get);
        EngineChoice engines = EngineFactory.choose(request.engine(), environment::get)) {
      AdHocQuestions questions = AdHocQuestions.create(pools, engines);
      if (request.batch() == null) {
        Outcome outcome = questions.ask(dataSource, request.question(), request.instructions());
        print(outcome);
        return outcome.error() == null
            ? SqmCli.OK
            : outcome.error().code() == ErrorCode.QUESTION_NOT_ANSWERABLE ? DECLINED : ERROR;
      }
      runBatch(questions, dataSource, request.batch());
      return SqmCli.OK;
    }
  }

  private void runBatch(AdHocQuestions questions, DataSourceConfig dataSource, Path file)
      throws UsageException {
    try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = lines.readLine()) != null) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        JsonNode input = readLine(line, number);
        print(
            questions.ask(
                dataSource, input.path("question").asText(), textOrNull(input, "instructions")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }

  private JsonNode readLine(String line, int number) throws UsageException {
    try {
      JsonNode node = json.readTree(line);
      if (!node.path("question").isTextual() || node.path("question").asText().isBlank()) {
        throw new UsageException("line " + number + " of the batch has no \"question\"");
      }
      return node;
    } catch (IOException e) {
      throw new UsageException("line " + number + " of the batch is not JSON");
    }
  }

  private static String textOrNull(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
  }

  private void print(Outcome outcome) {
    ObjectNode line = json.createObjectNode();
    line.put("question", outcome.question());
    Answer answer = outcome.answer();
    if (answer != null) {
      line.put("engine", answer.engine());
      line.put("sql", answer.sql());
      line.set("columns", json.valueToTree(answer.result().columns()));
      line.set("rows", json.valueToTree(answer.result().rows()));
      line.put("truncated", answer.result().truncated());
      line.put("summary", answer.summary());
      line.set("visualization", json.valueToTree(answer.visualization()));
      line.set("attempts", json.valueToTree(answer.attempts()));
      line.set("usage", json.valueToTree(answer.usage()));
      line.putNull("error");
    } else {
      line.putNull("sql");
      line.putNull("columns");
      line.putNull("rows");
      line.putNull("summary");
      line.putNull("visualization");
      line.set("attempts", json.valueToTree(outcome.attempts()));
      ObjectNode error = line.putObject("error");
      error.put("code", outcome.error().code().name());
      error.put("message", outcome.error().getMessage());
    }
    try {
      out.println(json.writeValueAsString(line));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
