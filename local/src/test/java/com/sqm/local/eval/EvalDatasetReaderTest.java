package com.sqm.local.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalDatasetReaderTest {
  private final EvalDatasetReader reader = new EvalDatasetReader();

  @Test
  void shouldReadEveryRecord_whenFilesOfTheDevSplitAreRead() {
    Path data = DevSplit.root().resolve("data");

    List<EvalQuestion> advanced = reader.readFile(data.resolve("instruct_advanced_postgres.csv"));
    List<EvalQuestion> basic = reader.readFile(data.resolve("instruct_basic_postgres.csv"));
    List<EvalQuestion> generated = reader.readFile(data.resolve("questions_gen_postgres.csv"));

    assertThat(advanced).hasSize(32);
    assertThat(basic).hasSize(20);
    assertThat(generated).hasSize(100);
    assertThat(advanced).allSatisfy(q -> assertThat(q.instructions()).isNotBlank());
    assertThat(basic).allSatisfy(q -> assertThat(q.instructions()).isNull());
    assertThat(generated)
        .extracting(EvalQuestion::database)
        .containsOnly("advising", "atis", "broker", "car_dealership", "yelp");
  }

  @Test
  void shouldListDatabasesWithTheirFiles_whenWholeDevSplitIsRead() {
    EvalDataset dataset = reader.read(DevSplit.root());

    assertThat(dataset.questions()).hasSize(152);
    assertThat(dataset.databases())
        .containsExactlyInAnyOrder("advising", "atis", "broker", "car_dealership", "yelp");
    assertThat(dataset.databases())
        .allSatisfy(db -> assertThat(dataset.databaseDir(db).resolve(db + ".sql")).isRegularFile());
  }

  @Test
  void shouldKeepQuotedLineBreaksAndQuotes_whenFieldSpansLines(@TempDir Path root)
      throws IOException {
    Files.createDirectories(root.resolve("data"));
    Files.writeString(
        root.resolve("data/q.csv"),
        "db_name,query_category,question,query,instructions\n"
            + "shop,group_by,\"Sales \"\"per\"\" city?\",\"SELECT city,\n  count(*)\nFROM s\","
            + "\"Line one.\nLine two.\"\n"
            + "shop,count,How many?,SELECT 1,\n");

    EvalDataset dataset = reader.read(root);

    assertThat(dataset.questions())
        .containsExactly(
            new EvalQuestion(
                "shop",
                "group_by",
                "Sales \"per\" city?",
                "SELECT city,\n  count(*)\nFROM s",
                "Line one.\nLine two."),
            new EvalQuestion("shop", "count", "How many?", "SELECT 1", null));
  }

  @Test
  void shouldRefuseFile_whenARecordHasNoQuery(@TempDir Path root) throws IOException {
    Files.createDirectories(root.resolve("data"));
    Files.writeString(root.resolve("data/q.csv"), "db_name,question,query\nshop,How many?,\n");

    assertThatThrownBy(() -> reader.read(root))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("record 1 has no query");
  }
}
