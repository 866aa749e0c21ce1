package com.sqm.local.queue;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Builds the {@link SQSEvent} Lambda's SQS event source mapping would deliver for received
 * messages.
 */
public final class SqsEventFactory {
  private final String queueArn;
  private final String region;

  public SqsEventFactory(String queueArn, String region) {
    this.queueArn = queueArn;
    this.region = region;
  }

  public SQSEvent build(List<Message> messages) {
    SQSEvent event = new SQSEvent();
    event.setRecords(messages.stream().map(this::record).toList());
    return event;
  }

  private SQSEvent.SQSMessage record(Message message) {
    SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
    record.setMessageId(message.messageId());
    record.setReceiptHandle(message.receiptHandle());
    record.setBody(message.body());
    record.setMd5OfBody(message.md5OfBody());
    record.setMd5OfMessageAttributes(message.md5OfMessageAttributes());
    record.setAttributes(new LinkedHashMap<>(message.attributesAsStrings()));
    record.setMessageAttributes(messageAttributes(message.messageAttributes()));
    record.setEventSource("aws:sqs");
    record.setEventSourceArn(queueArn);
    record.setAwsRegion(region);
    return record;
  }

  private static Map<String, SQSEvent.MessageAttribute> messageAttributes(
      Map<String, MessageAttributeValue> values) {
    Map<String, SQSEvent.MessageAttribute> attributes = new LinkedHashMap<>();
    values.forEach(
        (name, value) -> {
          SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
          attribute.setDataType(value.dataType());
          attribute.setStringValue(value.stringValue());
          if (value.binaryValue() != null) {
            attribute.setBinaryValue(value.binaryValue().asByteBuffer());
          }
          attributes.put(name, attribute);
        });
    return attributes;
  }
}
