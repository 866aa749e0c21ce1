package com.sqm.embedded;

import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** ElasticMQ serving the SQS API in-process, for the real AWS SDK client to talk to. */
public final class EmbeddedSqsServer implements AutoCloseable {
  private final SQSRestServer server;
  private final int port;

  private EmbeddedSqsServer(SQSRestServer server, int port) {
    this.server = server;
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
    server.waitUntilStarted();
    return new EmbeddedSqsServer(server, chosen);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    server.stopAndWait();
  }
}
