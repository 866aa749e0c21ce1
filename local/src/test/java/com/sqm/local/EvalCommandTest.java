package com.sqm.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sqm.local.eval.EvalDataset;
import com.sqm.local.eval.EvalQuestion;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {
  @TempDir Path dataset;

  private final EvalCommand command =
      new EvalCommand(
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          Map.of());

  private static EvalDataset twoDatabases() {
    return new EvalDataset(
        Path.of("dev"),
        List.of(
            new EvalQuestion("shop", "count", "q1", "SELECT 1", null),
            new EvalQuestion("cars", "count", "q2", "SELECT 2", null),
            new EvalQuestion("shop", "group_by", "q3", "SELECT 3", null),
            new EvalQuestion("shop", "count", "q4", "SELECT 4", null)));
  }

  @Test
  void shouldDefaultToOfflineEngineAndEveryQuestion_whenOnlyDatasetGiven() throws UsageException {
    EvalCommand.Options options = command.parse(List.of("--dataset", dataset.toString()));

    assertThat(options)
        .isEqualTo(new EvalCommand.Options(dataset, "offline", null, List.of(), null));
  }

  @Test
  void shouldSelectQuestionsOfNamedDatabasesUpToLimit_whenDbAndLimitGiven() throws UsageException {
    EvalCommand.Options options =
        command.parse(List.of("--dataset", dataset.toString(), "--db", "shop", "--limit", "2"));

    List<EvalQuestion> selected = EvalCommand.select(twoDatabases(), options);

    assertThat(selected).extracting(EvalQuestion::question).containsExactly("q1", "q3");
  }

  @Test
  void shouldRefuseDatabase_whenDatasetDoesNotHaveIt() throws UsageException {
    EvalCommand.Options options =
        command.parse(List.of("--dataset", dataset.toString(), "--db", "atlas"));

    assertThatThrownBy(() -> EvalCommand.select(twoDatabases(), options))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--db atlas");
  }

  @Test
  void shouldRefuseEngine_whenNameIsUnknown() {
    assertThatThrownBy(
            () -> command.parse(List.of("--dataset", dataset.toString(), "--engine", "oracle")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("unknown engine 'oracle'");
  }

  @Test
  void shouldRefuseArguments_whenDatasetIsMissingOrNotAFolder() {
    assertThatThrownBy(() -> command.parse(List.of()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--dataset is required");
    assertThatThrownBy(
            () -> command.parse(List.of("--dataset", dataset.resolve("none").toString())))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("is not a folder");
    assertThatThrownBy(
            () -> command.parse(List.of("--dataset", dataset.toString(), "--limit", "0")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--limit");
  }
}
