package com.sqm.local.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.sqm.embedded.SharedTestServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The poller against ElasticMQ: Lambda's delete-on-success and redeliver-on-failure rules. */
class LocalQueuePollerIT {
  private SqsClient sqs;
  private String queueUrl;
  private LocalQueuePoller poller;

  @BeforeEach
  void createQueue() {
    sqs =
        SqsClient.builder()
            .endpointOverride(SharedTestServices.sqs().endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .build();
    String name = "poller-" + UUID.randomUUID();
    queueUrl =
        sqs.createQueue(
                r ->
                    r.queueName(name)
                        .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1")))
            .queueUrl();
  }

  @AfterEach
  void stop() {
    if (poller != null) {
      poller.close();
    }
    sqs.close();
  }

  private void startPoller(
      com.amazonaws.services.lambda.runtime.RequestHandler<SQSEvent, SQSBatchResponse> handler) {
    poller = newPoller(handler, Duration.ofSeconds(1));
    poller.start();
  }

  private LocalQueuePoller newPoller(
      com.amazonaws.services.lambda.runtime.RequestHandler<SQSEvent, SQSBatchResponse> handler,
      Duration longPoll) {
    return new LocalQueuePoller(
        sqs,
        queueUrl,
        new SqsEventFactory("arn:aws:sqs:us-east-1:000000000000:q", "us-east-1"),
        "test-worker",
        handler,
        longPoll);
  }

  private int messagesLeft() {
    Map<QueueAttributeName, String> attributes =
        sqs.getQueueAttributes(
                r ->
                    r.queueUrl(queueUrl)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(
            attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }

  @Test
  void shouldDeleteMessages_whenWorkerReportsNoFailures() {
    List<String> bodies = new CopyOnWriteArrayList<>();
    startPoller(
        (event, context) -> {
          event.getRecords().forEach(r -> bodies.add(r.getBody()));
          return new SQSBatchResponse(List.of());
        });

    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("one"));
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("two"));

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> bodies.containsAll(Set.of("one", "two")) && messagesLeft() == 0);
  }

  @Test
  void shouldRedeliverOnlyFailedMessage_whenWorkerReportsBatchItemFailure() {
    Map<String, Integer> deliveries = new ConcurrentHashMap<>();
    startPoller(
        (event, context) -> {
          List<SQSBatchResponse.BatchItemFailure> failures = new CopyOnWriteArrayList<>();
          for (SQSEvent.SQSMessage record : event.getRecords()) {
            int seen = deliveries.merge(record.getBody(), 1, Integer::sum);
            assertThat(record.getEventSource()).isEqualTo("aws:sqs");
            assertThat(record.getAttributes()).containsKey("ApproximateReceiveCount");
            if (record.getBody().equals("flaky") && seen == 1) {
              failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
          }
          return new SQSBatchResponse(failures);
        });

    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("fine"));
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("flaky"));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> deliveries.getOrDefault("flaky", 0) == 2 && messagesLeft() == 0);
    assertThat(deliveries).containsEntry("fine", 1);
  }

  @Test
  void shouldRedeliverWholeBatch_whenWorkerThrows() {
    Map<String, Integer> deliveries = new ConcurrentHashMap<>();
    startPoller(
        (event, context) -> {
          boolean first =
              event.getRecords().stream()
                  .allMatch(r -> deliveries.merge(r.getBody(), 1, Integer::sum) == 1);
          if (first) {
            throw new IllegalStateException("crash on first delivery");
          }
          return null;
        });

    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("only"));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> deliveries.getOrDefault("only", 0) >= 2 && messagesLeft() == 0);
  }

  @Test
  void shouldRunSecondBatch_whileFirstBatchIsStillInWorker_whenConcurrencyIsTwo() throws Exception {
    CountDownLatch firstInWorker = new CountDownLatch(1);
    CountDownLatch secondInWorker = new CountDownLatch(1);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    poller =
        new LocalQueuePoller(
            sqs,
            queueUrl,
            2,
            new SqsEventFactory("arn:aws:sqs:us-east-1:000000000000:q", "us-east-1"),
            "test-worker",
            (event, context) -> {
              mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              try {
                if (event.getRecords().get(0).getBody().equals("first")) {
                  firstInWorker.countDown();
                  // Holds its poller until the other poller has a batch of its own.
                  secondInWorker.await(15, TimeUnit.SECONDS);
                } else {
                  secondInWorker.countDown();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                inFlight.decrementAndGet();
              }
              return new SQSBatchResponse(List.of());
            },
            Duration.ofSeconds(1));
    poller.start();

    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("first"));
    assertThat(firstInWorker.await(15, TimeUnit.SECONDS)).isTrue();
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("second"));

    await().atMost(Duration.ofSeconds(15)).until(() -> messagesLeft() == 0);
    assertThat(mostInFlight.get()).isEqualTo(2);
  }

  @Test
  void shouldStopWithoutWaitingForTheLongPoll_andHandOnWhatItReceives_whenClosedWhilePolling()
      throws Exception {
    // Messages not deleted stay invisible for a minute: only a poller that hands back what it
    // receives after close lets the next poller see them within the wait below.
    sqs.setQueueAttributes(
        r -> r.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60")));
    AtomicInteger closedPollerInvocations = new AtomicInteger();
    LocalQueuePoller closing =
        newPoller(
            (event, context) -> {
              closedPollerInvocations.incrementAndGet();
              return new SQSBatchResponse(List.of());
            },
            Duration.ofSeconds(20));
    closing.start();

    CompletableFuture.runAsync(closing::close).get(10, TimeUnit.SECONDS);
    // Arrives while the closed poller's 20-second long poll is still waiting.
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("after close"));
    List<String> received = new CopyOnWriteArrayList<>();
    startPoller(
        (event, context) -> {
          event.getRecords().forEach(r -> received.add(r.getBody()));
          return new SQSBatchResponse(List.of());
        });

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> received.contains("after close") && messagesLeft() == 0);
    assertThat(closedPollerInvocations.get()).isZero();
  }
}
