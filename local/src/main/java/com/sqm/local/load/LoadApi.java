package com.sqm.local.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sqm.config.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The HTTP calls of a load run: submit a question, read a user's history. One keep-alive client for
 * all of them (HTTP/1.1, so each submitter reuses its connection).
 */
public final class LoadApi {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final int PAGE_SIZE = 100;

  private final ObjectMapper json = Json.mapper();
  private final HttpClient http;
  private final URI baseUri;

  public LoadApi(URI baseUri) {
    this.baseUri = baseUri;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
  }

  /** Fails with a sentence when nothing answers {@code GET /health} at the base URI. */
  public void checkReachable() throws InterruptedException {
    try {
      http.send(request("/health").GET().build(), HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new IllegalStateException(
          "nothing answers at " + baseUri + " (is ./sqm dev running there?)", e);
    }
  }

  /** {@code POST /queries} as the user holding {@code token}. */
  public SubmitOutcome submit(String token, String question, boolean cache)
      throws InterruptedException {
    ObjectNode body = json.createObjectNode().put("question", question);
    if (!cache) {
      body.putObject("options").put("useCache", false);
    }
    try {
      HttpResponse<String> response =
          http.send(
              request("/queries")
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 202) {
        return SubmitOutcome.rejected(String.valueOf(response.statusCode()));
      }
      String id = json.readTree(response.body()).path("id").asText("");
      return id.isEmpty()
          ? SubmitOutcome.rejected("202 without an id")
          : SubmitOutcome.accepted(id);
    } catch (IOException e) {
      return SubmitOutcome.rejected(SubmitOutcome.NO_RESPONSE);
    }
  }

  /**
   * Every query in {@code user}'s history ({@code GET /users/{id}/queries}, all pages), or empty
   * when the history could not be read this time.
   */
  public Optional<List<QueryState>> history(LoadUser user) throws InterruptedException {
    List<QueryState> states = new ArrayList<>();
    String cursor = null;
    try {
      do {
        String path = "/users/" + encode(user.id()) + "/queries?limit=" + PAGE_SIZE;
        if (cursor != null) {
          path += "&cursor=" + encode(cursor);
        }
        HttpResponse<String> response =
            http.send(
                request(path).header("Authorization", "Bearer " + user.token()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          return Optional.empty();
        }
        JsonNode page = json.readTree(response.body());
        page.path("items").forEach(item -> states.add(state(item)));
        cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
      } while (cursor != null);
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(states);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUri + path)).timeout(REQUEST_TIMEOUT);
  }

  private static QueryState state(JsonNode item) {
    return new QueryState(
        item.path("id").asText(),
        item.path("status").asText(),
        item.path("error").path("code").asText(null),
        instant(item.path("createdAt")),
        instant(item.path("completedAt")));
  }

  private static Instant instant(JsonNode node) {
    return node.isTextual() ? Instant.parse(node.asText()) : null;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
