package com.sqm.functions.migrate;

import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.sqm.config.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers a CloudFormation custom resource request: PUTs the response object to the request's
 * pre-signed ResponseURL.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html
 */
public final class CustomResourceResponder {
  // The whole response must stay under 4096 bytes.
  private static final int MAX_REASON = 1000;
  private final HttpClient http;
  private final Duration timeout;

  public CustomResourceResponder(Duration timeout) {
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.timeout = timeout;
  }

  /** Tells CloudFormation the resource is done, with {@code data} for Fn::GetAtt. */
  public void success(
      CloudFormationCustomResourceEvent event, String physicalId, Map<String, String> data) {
    send(event, body(event, "SUCCESS", "See the function's log", physicalId, data));
  }

  /** Tells CloudFormation the resource failed, saying why (shown in the stack's events). */
  public void failed(CloudFormationCustomResourceEvent event, String physicalId, String reason) {
    String shortReason = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
    send(event, body(event, "FAILED", shortReason, physicalId, Map.of()));
  }

  private static String body(
      CloudFormationCustomResourceEvent event,
      String status,
      String reason,
      String physicalId,
      Map<String, String> data) {
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("Status", status);
    response.put("Reason", reason);
    response.put("PhysicalResourceId", physicalId);
    response.put("StackId", event.getStackId());
    response.put("RequestId", event.getRequestId());
    response.put("LogicalResourceId", event.getLogicalResourceId());
    response.put("Data", data);
    try {
      return Json.mapper().writeValueAsString(response);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the custom resource response", e);
    }
  }

  private void send(CloudFormationCustomResourceEvent event, String body) {
    // No Content-Type: the URL is signed without one, and S3 refuses a request that adds it.
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(event.getResponseUrl()))
            .timeout(timeout)
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<Void> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot send the custom resource response", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted sending the custom resource response", e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "The custom resource response was refused with HTTP " + response.statusCode());
    }
  }
}
