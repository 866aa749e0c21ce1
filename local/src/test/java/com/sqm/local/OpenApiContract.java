package com.sqm.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import com.sqm.local.gateway.OpenApiDocument;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The API's OpenAPI 3.1 document ({@code openapi.json} on the classpath) as a test oracle: which
 * operations it declares, and whether a real request or response body fits the schema it gives.
 */
final class OpenApiContract {
  private static final String LOCATION = "classpath:" + OpenApiDocument.RESOURCE.substring(1);
  private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_TYPE = "application/json";

  private final JsonNode document;
  private final JsonSchemaFactory schemas =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder ->
              builder
                  .metaSchema(OpenApi31.getInstance())
                  .defaultMetaSchemaIri(OpenApi31.getInstance().getIri()));

  OpenApiContract() throws IOException {
    this.document = JSON.readTree(OpenApiDocument.load());
  }

  JsonNode document() {
    return document;
  }

  /** Every operation as a route key, e.g. {@code GET /queries/{id}}. */
  Set<String> routeKeys() {
    Set<String> keys = new TreeSet<>();
    document
        .path("paths")
        .properties()
        .forEach(
            path ->
                METHODS.forEach(
                    method -> {
                      if (path.getValue().has(method)) {
                        keys.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                      }
                    }));
    return keys;
  }

  /** What is wrong with a JSON response of {@code routeKey}; empty when it fits the document. */
  List<String> responseProblems(String routeKey, int status, String body) throws IOException {
    return responseProblems(routeKey, status, JSON_TYPE, body);
  }

  /**
   * What is wrong with a response of {@code routeKey} of {@code contentType} (its media type, any
   * parameters ignored): a JSON body must fit the schema, any other must be documented as given.
   */
  List<String> responseProblems(String routeKey, int status, String contentType, String body)
      throws IOException {
    JsonNode operation = operation(routeKey);
    if (operation.isMissingNode()) {
      return List.of(routeKey + " is not in the document");
    }
    JsonNode response = resolve(operation.path("responses").path(Integer.toString(status)));
    if (response.isMissingNode()) {
      return List.of(routeKey + " does not document status " + status + ": " + body);
    }
    return bodyProblems(
        routeKey + " " + status, response.path("content"), mediaType(contentType), body);
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return JSON_TYPE;
    }
    int parameters = contentType.indexOf(';');
    return (parameters < 0 ? contentType : contentType.substring(0, parameters))
        .strip()
        .toLowerCase(Locale.ROOT);
  }

  /** What is wrong with a request body sent to {@code routeKey}; empty when it fits. */
  List<String> requestProblems(String routeKey, String body) throws IOException {
    JsonNode requestBody = resolve(operation(routeKey).path("requestBody"));
    if (requestBody.isMissingNode()) {
      return body == null ? List.of() : List.of(routeKey + " takes no request body");
    }
    return bodyProblems(routeKey + " request", requestBody.path("content"), JSON_TYPE, body);
  }

  private List<String> bodyProblems(String what, JsonNode content, String mediaType, String body)
      throws IOException {
    boolean empty = body == null || body.isEmpty();
    if (content.isMissingNode()) {
      return empty ? List.of() : List.of(what + " documents no body but got: " + body);
    }
    if (empty) {
      return List.of(what + " documents a body but got none");
    }
    if (!content.has(mediaType)) {
      return List.of(what + " does not document the content type " + mediaType);
    }
    if (!mediaType.equals(JSON_TYPE)) {
      // Pages, scripts and styles: documented as strings; that the type is documented is the check.
      return List.of();
    }
    JsonNode schema = content.path(JSON_TYPE).path("schema");
    String ref = schema.path("$ref").asText();
    if (!ref.startsWith("#/")) {
      return List.of(what + ": schemas in the document are $refs to #/components/schemas");
    }
    Set<ValidationMessage> messages =
        schemas.getSchema(SchemaLocation.of(LOCATION + ref)).validate(JSON.readTree(body));
    List<String> problems = new ArrayList<>();
    messages.forEach(message -> problems.add(what + ": " + message.getMessage() + " in " + body));
    return problems;
  }

  private JsonNode operation(String routeKey) {
    String[] parts = routeKey.split(" ", 2);
    return document.path("paths").path(parts[1]).path(parts[0].toLowerCase(Locale.ROOT));
  }

  /** Follows a {@code $ref} to {@code #/components/...}. */
  private JsonNode resolve(JsonNode node) {
    String ref = node.path("$ref").asText();
    return ref.startsWith("#/") ? document.at(ref.substring(1)) : node;
  }
}
