package com.sqm.embedded;

import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.scaladsl.Http;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import scala.concurrent.duration.FiniteDuration;
import scala.jdk.javaapi.FutureConverters;

/** ElasticMQ serving the SQS API in-process, for the real AWS SDK client to talk to. */
public final class EmbeddedSqsServer implements AutoCloseable {
  /**
   * How long requests in flight may run on when the server closes. ElasticMQ's own stop lets them
   * run for up to a minute, so a long poll nobody waits for any more held every close for its whole
   * wait time; cut off, the poller gets an error it ignores while stopping.
   */
  private static final FiniteDuration REQUEST_GRACE =
      FiniteDuration.apply(100, TimeUnit.MILLISECONDS);

  private final SQSRestServer server;
  private final Http.ServerBinding binding;
  private final int port;

  private EmbeddedSqsServer(SQSRestServer server, Http.ServerBinding binding, int port) {
    this.server = server;
    this.binding = binding;
    this.port = port;
  }

  /** Starts on {@code port} (0 picks a free one) on loopback. */
  public static EmbeddedSqsServer start(int port) {
    int chosen = port == 0 ? FreePort.find() : port;
    SQSRestServer server =
        SQSRestServerBuilder.withInterface("127.0.0.1")
            .withPort(chosen)
            .withServerAddress(new org.elasticmq.NodeAddress("http", "127.0.0.1", chosen, ""))
            .start();
    Http.ServerBinding binding = server.waitUntilStarted();
    return new EmbeddedSqsServer(server, binding, chosen);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    try {
      FutureConverters.asJava(binding.terminate(REQUEST_GRACE))
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // The stop below unbinds and ends the server all the same, only not as quickly.
    }
    server.stopAndWait();
  }
}
