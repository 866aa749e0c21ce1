package com.sqm.local.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

class SqsEventFactoryTest {
  private static final String ARN = "arn:aws:sqs:us-east-1:000000000000:sqm-queries";

  @Test
  void shouldBuildLambdaRecord_whenMessageReceived() {
    Message message =
        Message.builder()
            .messageId("m-1")
            .receiptHandle("rh-1")
            .body("{\"queryId\":\"7d1e2f3a-0000-4000-8000-000000000001\"}")
            .md5OfBody("abc")
            .attributes(
                Map.of(
                    MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                    "1",
                    MessageSystemAttributeName.SENT_TIMESTAMP,
                    "1700000000000"))
            .messageAttributes(
                Map.of(
                    "origin",
                    MessageAttributeValue.builder().dataType("String").stringValue("api").build()))
            .build();

    SQSEvent event = new SqsEventFactory(ARN, "us-east-1").build(List.of(message));

    assertThat(event.getRecords()).hasSize(1);
    SQSEvent.SQSMessage record = event.getRecords().get(0);
    assertThat(record.getMessageId()).isEqualTo("m-1");
    assertThat(record.getReceiptHandle()).isEqualTo("rh-1");
    assertThat(record.getBody()).contains("queryId");
    assertThat(record.getMd5OfBody()).isEqualTo("abc");
    assertThat(record.getEventSource()).isEqualTo("aws:sqs");
    assertThat(record.getEventSourceArn()).isEqualTo(ARN);
    assertThat(record.getAwsRegion()).isEqualTo("us-east-1");
    assertThat(record.getAttributes())
        .containsEntry("ApproximateReceiveCount", "1")
        .containsEntry("SentTimestamp", "1700000000000");
    assertThat(record.getMessageAttributes().get("origin").getStringValue()).isEqualTo("api");
    assertThat(record.getMessageAttributes().get("origin").getDataType()).isEqualTo("String");
  }

  @Test
  void shouldKeepOrder_whenBatchHasSeveralMessages() {
    List<Message> batch =
        List.of(
            Message.builder().messageId("a").body("1").build(),
            Message.builder().messageId("b").body("2").build());

    SQSEvent event = new SqsEventFactory(ARN, "us-east-1").build(batch);

    assertThat(event.getRecords())
        .extracting(SQSEvent.SQSMessage::getMessageId)
        .containsExactly("a", "b");
  }
}
