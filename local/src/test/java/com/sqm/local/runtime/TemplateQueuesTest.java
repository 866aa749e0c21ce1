package com.sqm.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The template's queues outlast their consumers, park what fails, and raise alarms. */
class TemplateQueuesTest {
  private static final JsonNode TEMPLATE = TemplateFile.template();
  private static final JsonNode RESOURCES = TEMPLATE.path("Resources");

  @Test
  void shouldOutlastTheConsumerAndParkFailures_whenAFunctionReadsAQueue() {
    List<String> consumed = new ArrayList<>();
    for (Map.Entry<String, JsonNode> function : TemplateFile.functions().entrySet()) {
      for (JsonNode event : TemplateFile.eventsOfType(function.getValue(), "SQS")) {
        JsonNode source = event.path("Properties");
        String queue = source.path("Queue").asText().replace(".Arn", "");
        consumed.add(queue);
        JsonNode props = RESOURCES.path(queue).path("Properties");
        JsonNode redrive = props.path("RedrivePolicy");
        String deadLetters = redrive.path("deadLetterTargetArn").asText().replace(".Arn", "");

        // A slow batch is not delivered again while the function still works on it.
        assertThat(props.path("VisibilityTimeout").asInt())
            .as(queue)
            .isGreaterThanOrEqualTo(6 * TemplateFile.timeout(function.getValue()));
        assertThat(source.path("FunctionResponseTypes").toString())
            .as(function.getKey())
            .isEqualTo("[\"ReportBatchItemFailures\"]");
        assertThat(RESOURCES.path(deadLetters).path("Type").asText())
            .as(queue + " parks failures")
            .isEqualTo("AWS::SQS::Queue");
        assertThat(redrive.path("maxReceiveCount").asInt()).as(queue).isBetween(3, 10);
        // The longest SQS retention, so a parked question can be looked at.
        assertThat(
                RESOURCES
                    .path(deadLetters)
                    .path("Properties")
                    .path("MessageRetentionPeriod")
                    .asInt())
            .isEqualTo(1_209_600);
      }
    }

    assertThat(consumed).containsExactlyInAnyOrder("QueryQueue", "IntakeQueue");
  }

  @Test
  void shouldBoundTheWorkersAtOnce_whenTheWorkQueueIsDeep() {
    JsonNode worker = TemplateFile.functions().get("QueryWorkerFunction");
    JsonNode source = TemplateFile.eventsOfType(worker, "SQS").get(0).path("Properties");
    JsonNode parameter = TEMPLATE.path("Parameters").path("WorkerMaxConcurrency");

    assertThat(source.path("ScalingConfig").path("MaximumConcurrency").asText())
        .isEqualTo("WorkerMaxConcurrency");
    assertThat(parameter.path("Type").asText()).isEqualTo("Number");
    // The range AWS accepts for an SQS event source's maximum concurrency.
    assertThat(parameter.path("MinValue").asInt()).isEqualTo(2);
    assertThat(parameter.path("MaxValue").asInt()).isEqualTo(1000);
    assertThat(parameter.path("Default").asInt()).isBetween(2, 1000);
  }

  @Test
  void shouldAlarmOnEveryDeadLetterQueue_whenTemplateDeclaresAlarms() {
    List<String> deadLetterQueues = new ArrayList<>();
    TemplateFile.ofType(RESOURCES, "AWS::SQS::Queue")
        .forEach(
            q -> {
              String target =
                  RESOURCES
                      .path(q)
                      .path("Properties")
                      .path("RedrivePolicy")
                      .path("deadLetterTargetArn")
                      .asText();
              if (!target.isEmpty()) {
                deadLetterQueues.add(target.replace(".Arn", ""));
              }
            });

    assertThat(deadLetterQueues).hasSize(2);
    for (String queue : deadLetterQueues) {
      JsonNode alarm = alarm("AWS/SQS", "ApproximateNumberOfMessagesVisible", queue + ".QueueName");

      assertThat(alarm.path("Threshold").asInt()).as(queue).isZero();
      assertThat(alarm.path("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
    }
  }

  @Test
  void shouldAlarmOnOldQuestionsAndWorkerErrors_whenTemplateDeclaresAlarms() {
    JsonNode age = alarm("AWS/SQS", "ApproximateAgeOfOldestMessage", "QueryQueue.QueueName");
    JsonNode errors = alarm("AWS/Lambda", "Errors", "QueryWorkerFunction");

    assertThat(age.path("Threshold").asText()).isEqualTo("OldestMessageAlarmSeconds");
    assertThat(errors.path("Statistic").asText()).isEqualTo("Sum");
    // Every alarm notifies the optional topic.
    for (String name : TemplateFile.ofType(RESOURCES, "AWS::CloudWatch::Alarm")) {
      assertThat(RESOURCES.path(name).path("Properties").path("AlarmActions").toString())
          .as(name)
          .isEqualTo("[\"HasAlarmTopic\",[\"AlarmTopicArn\"],\"AWS::NoValue\"]");
    }
  }

  @Test
  void shouldNameTheApiQueuesAndBus_whenTemplateDeclaresOutputs() {
    JsonNode outputs = TEMPLATE.path("Outputs");

    assertThat(outputs.path("ApiUrl").path("Value").asText()).contains("${HttpApi}");
    assertThat(outputs.path("QueueUrl").path("Value").asText()).isEqualTo("QueryQueue");
    assertThat(outputs.path("DeadLetterQueueUrl").path("Value").asText())
        .isEqualTo("QueryDeadLetterQueue");
    assertThat(outputs.path("IntakeQueueUrl").path("Value").asText()).isEqualTo("IntakeQueue");
    assertThat(outputs.path("EventBusName").path("Value").asText())
        .isEqualTo(TemplateFile.ofType(RESOURCES, "AWS::Events::EventBus").get(0));
  }

  private static JsonNode alarm(String namespace, String metric, String dimension) {
    List<JsonNode> found = new ArrayList<>();
    for (String name : TemplateFile.ofType(RESOURCES, "AWS::CloudWatch::Alarm")) {
      JsonNode props = RESOURCES.path(name).path("Properties");
      if (props.path("Namespace").asText().equals(namespace)
          && props.path("MetricName").asText().equals(metric)
          && props.path("Dimensions").get(0).path("Value").asText().equals(dimension)) {
        found.add(props);
      }
    }
    assertThat(found).as(namespace + " " + metric + " " + dimension).hasSize(1);
    return found.get(0);
  }
}
