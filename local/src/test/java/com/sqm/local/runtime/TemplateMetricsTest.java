package com.sqm.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sqm.config.Json;
import com.sqm.metrics.MetricNames;
import com.sqm.model.QueryStage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and alarms of template.yaml against the metrics the worker emits ({@link
 * MetricNames}): every metric they use is emitted under the dimensions they name, in the worker's
 * namespace, and every emitted metric is on the dashboard.
 */
class TemplateMetricsTest {
  private static final JsonNode TEMPLATE = TemplateFile.template();
  private static final JsonNode RESOURCES = TEMPLATE.path("Resources");

  /** The worker's namespace as the template writes it (a Fn::Sub). */
  private static final String NAMESPACE = "${MetricsNamespace}/${Stage}";

  /** {namespace,Dim,...} MetricName="X" [OR MetricName="Y"] in a SEARCH expression. */
  private static final Pattern SEARCH_SCHEMA =
      Pattern.compile("\\{((?:\\$\\{[^}]*}|[^,{}])+)((?:,\\s*\\w+)*)}");

  private static final Pattern METRIC_NAME = Pattern.compile("MetricName=\\\\?\"(\\w+)\\\\?\"");

  /** One metric a dashboard widget or an alarm reads: namespace, name and dimension names. */
  private record Use(String namespace, String metric, Set<String> dimensions) {}

  @Test
  void shouldGiveTheWorkerTheNamespaceTheDashboardReads_whenTemplateDeclaresMetrics() {
    JsonNode parameter = TEMPLATE.path("Parameters").path("MetricsNamespace");
    JsonNode worker = TemplateFile.functions().get("QueryWorkerFunction");

    assertThat(parameter.path("Default").asText()).isEqualTo(MetricNames.DEFAULT_NAMESPACE);
    assertThat(
            worker
                .path("Environment")
                .path("Variables")
                .path(MetricNames.NAMESPACE_SETTING)
                .asText())
        .isEqualTo(NAMESPACE);
  }

  @Test
  void shouldReadOnlyEmittedMetricsUnderEmittedDimensions_whenTheDashboardAndAlarmsUseThem()
      throws Exception {
    List<Use> uses = new ArrayList<>(dashboardUses());
    uses.addAll(alarmUses());

    List<Use> ours = uses.stream().filter(u -> u.namespace().equals(NAMESPACE)).toList();
    assertThat(ours).isNotEmpty();
    for (Use use : ours) {
      assertThat(MetricNames.PUBLISHED).as(use.toString()).containsKey(use.metric());
      assertThat(MetricNames.PUBLISHED.get(use.metric()).stream().map(Set::copyOf))
          .as(use + " reads a dimension set the worker publishes")
          .contains(use.dimensions());
    }
    // Anything else the dashboard reads is AWS's own (the dead-letter queues).
    assertThat(uses)
        .filteredOn(u -> !u.namespace().equals(NAMESPACE))
        .extracting(Use::namespace)
        .allMatch(ns -> ns.startsWith("AWS/"));
  }

  @Test
  void shouldShowEveryEmittedMetricAndEveryTimedStage_whenTheDashboardIsDeployed()
      throws Exception {
    List<Use> dashboard = dashboardUses();
    Set<String> shown = new TreeSet<>();
    dashboard.stream()
        .filter(u -> u.namespace().equals(NAMESPACE))
        .forEach(u -> shown.add(u.metric()));
    String body = dashboardBody();

    assertThat(shown).containsAll(MetricNames.PUBLISHED.keySet());
    for (QueryStage stage : MetricNames.TIMED_STAGES) {
      assertThat(body).as("latency of " + stage).contains("\"" + stage.name() + "\"");
    }
    assertThat(dashboard)
        .contains(new Use("AWS/SQS", "ApproximateNumberOfMessagesVisible", Set.of("QueueName")));
    assertThat(body)
        .contains("${QueryDeadLetterQueue.QueueName}", "${IntakeDeadLetterQueue.QueueName}");
  }

  @Test
  void shouldAlarmOnInternalErrorsAndModelCost_whenTemplateDeclaresAlarms() {
    List<JsonNode> ours = new ArrayList<>();
    for (String name : TemplateFile.ofType(RESOURCES, "AWS::CloudWatch::Alarm")) {
      JsonNode alarm = RESOURCES.path(name).path("Properties");
      if (alarm.path("Namespace").asText().equals(NAMESPACE)) {
        ours.add(alarm);
      }
    }

    assertThat(ours)
        .anySatisfy(
            a -> {
              assertThat(a.path("MetricName").asText()).isEqualTo(MetricNames.QUERIES);
              assertThat(a.path("Dimensions").toString())
                  .contains("\"ErrorCode\"", "\"INTERNAL_ERROR\"", "\"FAILED\"");
            });
    assertThat(ours)
        .anySatisfy(
            a -> {
              assertThat(a.path("MetricName").asText()).isEqualTo(MetricNames.MODEL_COST);
              assertThat(a.path("Threshold").asText()).isEqualTo("ModelCostAlarmUsdPerHour");
            });
  }

  private static String dashboardBody() {
    List<String> dashboards = TemplateFile.ofType(RESOURCES, "AWS::CloudWatch::Dashboard");
    assertThat(dashboards).hasSize(1);
    return RESOURCES.path(dashboards.get(0)).path("Properties").path("DashboardBody").asText();
  }

  private static List<Use> dashboardUses() throws JsonProcessingException {
    JsonNode body = Json.mapper().readTree(dashboardBody());
    List<Use> uses = new ArrayList<>();
    for (JsonNode widget : body.path("widgets")) {
      for (JsonNode row : widget.path("properties").path("metrics")) {
        if (row.path(0).isObject()) {
          uses.addAll(searched(row.path(0).path("expression").asText()));
          continue;
        }
        List<String> parts = new ArrayList<>();
        row.forEach(
            p -> {
              if (p.isTextual()) {
                parts.add(p.asText());
              }
            });
        Set<String> dimensions = new HashSet<>();
        for (int i = 2; i + 1 < parts.size(); i += 2) {
          dimensions.add(parts.get(i));
        }
        uses.add(new Use(parts.get(0), parts.get(1), dimensions));
      }
    }
    return uses;
  }

  /** The metrics a SEARCH expression reads: its schema's namespace and dimensions, by name. */
  private static List<Use> searched(String expression) {
    Matcher schema = SEARCH_SCHEMA.matcher(expression);
    assertThat(schema.find()).as(expression).isTrue();
    String namespace = schema.group(1).strip();
    Set<String> dimensions =
        Arrays.stream(schema.group(2).split(","))
            .map(String::strip)
            .filter(d -> !d.isEmpty())
            .collect(java.util.stream.Collectors.toSet());
    List<Use> uses = new ArrayList<>();
    Matcher names = METRIC_NAME.matcher(expression);
    while (names.find()) {
      uses.add(new Use(namespace, names.group(1), dimensions));
    }
    assertThat(uses).as("a SEARCH that names its metrics: " + expression).isNotEmpty();
    return uses;
  }

  private static List<Use> alarmUses() {
    List<Use> uses = new ArrayList<>();
    for (String name : TemplateFile.ofType(RESOURCES, "AWS::CloudWatch::Alarm")) {
      JsonNode alarm = RESOURCES.path(name).path("Properties");
      Set<String> dimensions = new HashSet<>();
      alarm.path("Dimensions").forEach(d -> dimensions.add(d.path("Name").asText()));
      uses.add(
          new Use(alarm.path("Namespace").asText(), alarm.path("MetricName").asText(), dimensions));
    }
    return uses;
  }
}
