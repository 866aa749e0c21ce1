package com.sqm.ai.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sqm.ai.Interpretation;
import com.sqm.ai.SqlDraft;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import org.junit.jupiter.api.Test;

class ModelRepliesTest {

  @Test
  void shouldDropFenceAndSemicolons_whenServerWrapsAnswerInMarkdown() {
    ObjectNode draft = OpenAiStub.draftJson("```sql\nSELECT 1;;\n```");

    SqlDraft parsed = ModelReplies.draft("```json\n" + draft + "\n```");

    assertThat(parsed.sql()).isEqualTo("SELECT 1");
  }

  @Test
  void shouldKeepSemicolonsInsideStatement_whenOnlyTrailingOnesGo() {
    // A second statement stays visible to the guard, which rejects it.
    SqlDraft parsed =
        ModelReplies.draft(OpenAiStub.draftJson("SELECT 1; DROP TABLE t;").toString());

    assertThat(parsed.sql()).isEqualTo("SELECT 1; DROP TABLE t");
  }

  @Test
  void shouldClampConfidenceAndDropNonPositiveLimit_whenModelOversteps() {
    ObjectNode draft = OpenAiStub.draftJson("SELECT 1");
    draft.put("confidence", 7);
    draft.put("limit", 0);

    SqlDraft parsed = ModelReplies.draft(draft.toString());

    assertThat(parsed.analysis().confidence()).isEqualTo(1.0);
    assertThat(parsed.analysis().limit()).isNull();
  }

  @Test
  void shouldFailWithEngineError_whenAnswerableButNoSql() {
    assertThatThrownBy(() -> ModelReplies.draft(OpenAiStub.draftJson(null).toString()))
        .isInstanceOfSatisfying(
            SqmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_ERROR))
        .hasMessageContaining("wrote no SQL");
  }

  @Test
  void shouldFailWithEngineError_whenQueryTypeIsUnknown() {
    ObjectNode draft = OpenAiStub.draftJson("SELECT 1");
    draft.put("queryType", "PIVOT");

    assertThatThrownBy(() -> ModelReplies.draft(draft.toString()))
        .isInstanceOfSatisfying(
            SqmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_ERROR))
        .hasMessageContaining("'PIVOT' is not a known query type");
  }

  @Test
  void shouldLeaveChartToPipeline_whenModelGivesNone() {
    Interpretation parsed =
        ModelReplies.interpretation(
            "{\"summary\":\"Nothing found.\",\"keyFigures\":[],\"chart\":null}");

    assertThat(parsed.summary()).isEqualTo("Nothing found.");
    assertThat(parsed.keyFigures()).isEmpty();
    assertThat(parsed.chart()).isNull();
  }

  @Test
  void shouldFailWithEngineError_whenChartTypeIsUnknown() {
    assertThatThrownBy(
            () ->
                ModelReplies.interpretation(
                    "{\"summary\":\"s\",\"keyFigures\":[],\"chart\":{\"type\":\"HEATMAP\"}}"))
        .isInstanceOfSatisfying(
            SqmException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ENGINE_ERROR))
        .hasMessageContaining("HEATMAP");
  }
}
