package com.sqm.local.eval;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads an evaluation dataset: every {@code data/*.csv} (by file name), each with a header naming
 * at least {@code question, query, db_name, query_category} and optionally {@code instructions};
 * fields may be quoted and span lines. Other columns are ignored.
 */
public final class EvalDatasetReader {
  private static final List<String> REQUIRED = List.of("question", "query", "db_name");

  private final CsvMapper csv = new CsvMapper();

  /** The dataset under {@code root}; fails when a file lacks a required column or a value. */
  public EvalDataset read(Path root) {
    Path data = root.resolve("data");
    if (!Files.isDirectory(data)) {
      throw new IllegalArgumentException("no data/ folder with question files in " + root);
    }
    List<EvalQuestion> questions = new ArrayList<>();
    for (Path file : csvFiles(data)) {
      questions.addAll(readFile(file));
    }
    if (questions.isEmpty()) {
      throw new IllegalArgumentException("no questions in " + data);
    }
    return new EvalDataset(root, questions);
  }

  /** The questions of one CSV file, in order. */
  public List<EvalQuestion> readFile(Path file) {
    CsvSchema schema = CsvSchema.emptySchema().withHeader();
    List<EvalQuestion> questions = new ArrayList<>();
    try (MappingIterator<Map<String, String>> rows =
        csv.readerForMapOf(String.class).with(schema).readValues(file.toFile())) {
      int record = 0;
      while (rows.hasNext()) {
        Map<String, String> row = rows.next();
        record++;
        for (String column : REQUIRED) {
          String value = row.get(column);
          if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                file.getFileName() + ": record " + record + " has no " + column);
          }
        }
        questions.add(
            new EvalQuestion(
                row.get("db_name").strip(),
                row.getOrDefault("query_category", "").strip(),
                row.get("question").strip(),
                row.get("query").strip(),
                row.get("instructions")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return questions;
  }

  private static List<Path> csvFiles(Path data) {
    try (Stream<Path> files = Files.list(data)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + data, e);
    }
  }
}
