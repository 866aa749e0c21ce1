package com.sqm.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.sqm.metrics.QueryMetrics;
import com.sqm.model.QueryStage;
import com.sqm.model.TokenUsage;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeasuredProgressTest {
  @Test
  void shouldOverrideEveryReport_exceptBillingWhichReportsThroughModelUsed() throws Exception {
    for (Method method : ProgressRecorder.class.getMethods()) {
      if (Modifier.isStatic(method.getModifiers()) || method.getName().equals("billing")) {
        continue;
      }
      Method own = MeasuredProgress.class.getMethod(method.getName(), method.getParameterTypes());
      assertThat(own.getDeclaringClass())
          .as("MeasuredProgress passes on " + method.getName())
          .isEqualTo(MeasuredProgress.class);
    }
  }

  @Test
  void shouldMeasureAndPassOn_whenAStageFinishesAndTheModelIsUsed() {
    List<String> measured = new ArrayList<>();
    List<String> passedOn = new ArrayList<>();
    QueryMetrics metrics =
        new QueryMetrics() {
          @Override
          public void stageLatency(QueryStage stage, long millis) {
            measured.add(stage + "=" + millis);
          }

          @Override
          public void modelUsed(String engine, TokenUsage usage) {
            measured.add(engine + "=" + usage.totalTokens());
          }
        };
    ProgressRecorder stored =
        new ProgressRecorder() {
          @Override
          public void stageFinished(QueryStage stage, long millis) {
            passedOn.add(stage.name());
          }

          @Override
          public void modelUsed(QueryStage stage, String engine, TokenUsage usage) {
            passedOn.add(engine);
          }
        };
    MeasuredProgress progress = new MeasuredProgress(stored, metrics);

    progress.stageFinished(QueryStage.EXECUTING_SQL, 12);
    progress.modelUsed(QueryStage.GENERATING_SQL, "openai:m", new TokenUsage(3, 4));

    assertThat(measured).containsExactly("EXECUTING_SQL=12", "openai:m=7");
    assertThat(passedOn).containsExactly("EXECUTING_SQL", "openai:m");
  }
}
