package com.sqm.local;

import com.sqm.local.queue.DeadLetterQueue;
import com.sqm.local.runtime.LocalAppDatabase;
import com.sqm.local.runtime.LocalRuntimeInfo;
import com.sqm.store.JdbcQueryRepository;
import com.sqm.store.QueryRepository;
import com.sqm.store.StoreException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code sqm dlq list|redrive}: shows the messages the worker's queue parked in its dead-letter
 * queue, and moves them back, on the running {@code ./sqm dev} of a data directory.
 */
final class DlqCommand {
  static final String LIST_USAGE = "dlq list [--data-dir .sqm]";
  static final String REDRIVE_USAGE = "dlq redrive [--data-dir .sqm]";
  static final int MAX_MESSAGES = 1_000;

  private final PrintStream out;
  private final Path defaultDataDir;

  DlqCommand(PrintStream out, Path defaultDataDir) {
    this.out = out;
    this.defaultDataDir = defaultDataDir;
  }

  int run(List<String> args) throws UsageException {
    CliArgs cli = CliArgs.parse(args, Set.of("data-dir"), Set.of()).atMostPositionals(1);
    String action = cli.positionals().isEmpty() ? "" : cli.positionals().get(0);
    if (!action.equals("list") && !action.equals("redrive")) {
      throw new UsageException("dlq needs 'list' or 'redrive', e.g. ./sqm dlq list");
    }
    Path dataDir = cli.option("data-dir").map(Path::of).orElse(defaultDataDir);
    LocalRuntimeInfo running =
        LocalRuntimeInfo.requireRunning(dataDir, "the dead-letter queue lives in its memory");
    try (SqsClient sqs = client(URI.create(running.sqsEndpoint()))) {
      DeadLetterQueue dlq =
          new DeadLetterQueue(sqs, running.deadLetterQueueUrl(), running.queueUrl());
      return action.equals("list") ? list(dlq, running, dataDir) : redrive(dlq, running);
    }
  }

  private int list(DeadLetterQueue dlq, LocalRuntimeInfo running, Path dataDir) {
    List<DeadLetterQueue.DeadLetter> letters = dlq.peek(MAX_MESSAGES);
    out.println(letters.size() + " message(s) in " + running.deadLetterQueueUrl());
    if (letters.isEmpty()) {
      return SqmCli.OK;
    }
    try (LocalAppDatabase database = LocalAppDatabase.open(dataDir)) {
      QueryRepository queries = new JdbcQueryRepository(database.dataSource());
      for (DeadLetterQueue.DeadLetter letter : letters) {
        out.println(line(letter, status(queries, letter.queryId())));
      }
    }
    return SqmCli.OK;
  }

  private int redrive(DeadLetterQueue dlq, LocalRuntimeInfo running) {
    int moved = dlq.redrive(MAX_MESSAGES);
    out.println("redrove " + moved + " message(s) to " + running.queueUrl());
    return SqmCli.OK;
  }

  static String line(DeadLetterQueue.DeadLetter letter, String status) {
    return String.join(
        "  ",
        letter.messageId(),
        "query " + letter.queryId().map(UUID::toString).orElse("(unreadable body)"),
        "receives " + letter.receiveCount(),
        "first sent " + (letter.firstSent() == null ? "?" : letter.firstSent().toString()),
        "status " + status);
  }

  private static String status(QueryRepository queries, Optional<UUID> queryId) {
    if (queryId.isEmpty()) {
      return "-";
    }
    try {
      return queries.findById(queryId.get()).map(q -> q.status().name()).orElse("unknown query");
    } catch (StoreException e) {
      return "? (" + e.getMessage() + ")";
    }
  }

  private static SqsClient client(URI endpoint) {
    return SqsClient.builder()
        .region(Region.US_EAST_1)
        .endpointOverride(endpoint)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }
}
