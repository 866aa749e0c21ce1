package com.sqm.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.Json;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryStage;
import com.sqm.model.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class EmfMetricsPublisherTest {
  private static final UUID QUERY = UUID.fromString("0b9c2a5e-8f7e-4c1e-9a59-3f3d2c1b0a99");

  private final List<String> lines = new ArrayList<>();
  private final EmfMetricsPublisher publisher = new EmfMetricsPublisher("TestNs", lines::add);

  @Test
  void shouldWriteNothing_untilTheDeliveryIsClosed() {
    QueryMetrics metrics = publisher.open(QUERY);

    metrics.stageLatency(QueryStage.EXECUTING_SQL, 12);
    metrics.completed();

    assertThat(lines).isEmpty();
  }

  @Test
  void shouldWriteOneEmfObjectPerDimensionSet_whenAnAnsweredQueryIsClosed() throws Exception {
    try (QueryMetrics metrics = publisher.open(QUERY)) {
      metrics.queueAge(Duration.ofMillis(250));
      metrics.answerCache(false);
      metrics.stageLatency(QueryStage.GENERATING_SQL, 40);
      metrics.stageLatency(QueryStage.GENERATING_SQL, 30);
      metrics.stageLatency(QueryStage.EXECUTING_SQL, 7);
      metrics.modelUsed("openai:gpt-4o-mini", new TokenUsage(100, 20, 0.002));
      metrics.modelUsed("openai:gpt-4o-mini", new TokenUsage(50, 10, 0.001));
      metrics.completed();
    }

    List<JsonNode> objects = parse();
    assertThat(objects).hasSize(5);
    assertThat(objects)
        .allSatisfy(
            o -> {
              assertThat(directive(o).path("Namespace").asText()).isEqualTo("TestNs");
              assertThat(o.path("_aws").path("Timestamp").isNumber()).isTrue();
              assertThat(o.path("queryId").asText()).isEqualTo(QUERY.toString());
            });
    JsonNode service = withMetric(objects, MetricNames.QUEUE_AGE);
    assertThat(dimensionSets(service)).containsExactly(List.of());
    assertThat(service.path(MetricNames.QUEUE_AGE).asDouble()).isEqualTo(250);
    assertThat(service.path(MetricNames.ANSWER_CACHE_MISSES).asDouble()).isEqualTo(1);
    JsonNode generating = withDimension(objects, MetricNames.STAGE, "GENERATING_SQL");
    assertThat(generating.path(MetricNames.STAGE_LATENCY).isArray()).isTrue();
    assertThat(generating.path(MetricNames.STAGE_LATENCY))
        .extracting(JsonNode::asDouble)
        .containsExactly(40.0, 30.0);
    assertThat(
            withDimension(objects, MetricNames.STAGE, "EXECUTING_SQL")
                .path("StageLatency")
                .asDouble())
        .isEqualTo(7);
    JsonNode model = withDimension(objects, MetricNames.ENGINE, "openai:gpt-4o-mini");
    assertThat(model.path(MetricNames.MODEL_PROMPT_TOKENS).asDouble()).isEqualTo(150);
    assertThat(model.path(MetricNames.MODEL_COMPLETION_TOKENS).asDouble()).isEqualTo(30);
    assertThat(model.path(MetricNames.MODEL_COST).asDouble()).isCloseTo(0.003, within());
    JsonNode status = withMetric(objects, MetricNames.QUERIES);
    assertThat(dimensionSets(status))
        .containsExactly(
            List.of(MetricNames.STATUS), List.of(MetricNames.STATUS, MetricNames.ERROR_CODE));
    assertThat(status.path(MetricNames.STATUS).asText()).isEqualTo("COMPLETED");
    assertThat(status.path(MetricNames.ERROR_CODE).asText()).isEqualTo(MetricNames.NO_ERROR);
  }

  @Test
  void shouldPublishTheErrorCodeAsDimension_whenTheQueryFailed() {
    try (QueryMetrics metrics = publisher.open(QUERY)) {
      metrics.failed(ErrorCode.SQL_REJECTED);
    }

    JsonNode status = withMetric(parse(), MetricNames.QUERIES);
    assertThat(status.path(MetricNames.STATUS).asText()).isEqualTo("FAILED");
    assertThat(status.path(MetricNames.ERROR_CODE).asText()).isEqualTo("SQL_REJECTED");
  }

  @Test
  void shouldPublishOnlyNamesListedInMetricNames_whenEveryMeasurementIsTaken() {
    try (QueryMetrics metrics = publisher.open(QUERY)) {
      metrics.queueAge(Duration.ofSeconds(1));
      metrics.answerCache(true);
      metrics.answerCache(false);
      metrics.stageLatency(QueryStage.SUMMARIZING, 3);
      metrics.modelUsed("offline", TokenUsage.NONE);
      metrics.retried();
      metrics.failed(ErrorCode.INTERNAL_ERROR);
    }

    for (JsonNode o : parse()) {
      List<List<String>> sets = dimensionSets(o);
      for (JsonNode metric : directive(o).path("Metrics")) {
        String name = metric.path("Name").asText();
        assertThat(MetricNames.PUBLISHED).containsKey(name);
        assertThat(sets).isEqualTo(MetricNames.PUBLISHED.get(name));
      }
    }
  }

  @Test
  void shouldUseTheDefaultNamespace_whenNoneIsConfigured() {
    assertThat(EmfMetricsPublisher.toStdout(name -> null).namespace())
        .isEqualTo(MetricNames.DEFAULT_NAMESPACE);
    assertThat(
            EmfMetricsPublisher.toStdout(Map.of(MetricNames.NAMESPACE_SETTING, "Other")::get)
                .namespace())
        .isEqualTo("Other");
  }

  @Test
  void shouldStillPublishTheOtherLines_whenAnEngineNameIsNotAValidDimension() {
    try (QueryMetrics metrics = publisher.open(QUERY)) {
      metrics.modelUsed("mödel", new TokenUsage(1, 1, 0));
      metrics.completed();
    }

    assertThat(parse()).extracting(o -> o.has(MetricNames.QUERIES)).containsExactly(true);
  }

  private List<JsonNode> parse() {
    List<JsonNode> objects = new ArrayList<>();
    for (String line : lines) {
      assertThat(line).doesNotContain("\n");
      try {
        objects.add(Json.mapper().readTree(line));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new AssertionError("not JSON: " + line, e);
      }
    }
    return objects;
  }

  private static JsonNode directive(JsonNode o) {
    return o.path("_aws").path("CloudWatchMetrics").path(0);
  }

  private static List<List<String>> dimensionSets(JsonNode o) {
    return StreamSupport.stream(directive(o).path("Dimensions").spliterator(), false)
        .map(set -> StreamSupport.stream(set.spliterator(), false).map(JsonNode::asText).toList())
        .toList();
  }

  private static JsonNode withMetric(List<JsonNode> objects, String metric) {
    return objects.stream().filter(o -> o.has(metric)).findFirst().orElseThrow();
  }

  private static JsonNode withDimension(List<JsonNode> objects, String name, String value) {
    return objects.stream()
        .filter(o -> value.equals(o.path(name).asText()))
        .findFirst()
        .orElseThrow();
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
