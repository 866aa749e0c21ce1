package com.sqm.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.sqm.config.IdentitySettings;
import com.sqm.config.Json;
import com.sqm.model.Caller;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * An API Gateway HTTP API (payload v2) request as the handlers need it: the caller, the body as a
 * record, path and query parameters. Every problem with the input is an {@link SqmException} naming
 * what is wrong, never a parser's stack trace.
 */
public final class ApiRequest {
  private final APIGatewayV2HTTPEvent event;

  private ApiRequest(APIGatewayV2HTTPEvent event) {
    this.event = event;
  }

  public static ApiRequest of(APIGatewayV2HTTPEvent event) {
    return new ApiRequest(event == null ? new APIGatewayV2HTTPEvent() : event);
  }

  public APIGatewayV2HTTPEvent event() {
    return event;
  }

  /** API Gateway's id of this request, or null when absent (direct invocation). */
  public String requestId() {
    var context = event.getRequestContext();
    return context == null ? null : context.getRequestId();
  }

  /**
   * The {@code sub} claim of the JWT the HTTP API authorizer verified; UNAUTHORIZED when there is
   * none, or when it is not a usable user id (see {@link #callerIdProblem}).
   */
  public String callerId() {
    Map<String, String> claims = claims();
    String sub = claims.get("sub");
    if (sub == null || sub.isBlank()) {
      throw new SqmException(ErrorCode.UNAUTHORIZED, "a valid bearer token is required", null);
    }
    String problem = callerIdProblem(sub);
    if (problem != null) {
      throw new SqmException(
          ErrorCode.UNAUTHORIZED, "the token's subject is not a usable user id: " + problem, null);
    }
    return sub;
  }

  /**
   * The caller: {@link #callerId()}, and the groups listed in the claim {@code identity} names (API
   * Gateway hands an array claim over as {@code "[a b c]"}; a {@code scope} claim is
   * space-separated), admin when one of them is the admin group.
   */
  public Caller caller(IdentitySettings identity) {
    String id = callerId();
    Set<String> groups = groupsIn(claims().get(identity.groupsClaim()));
    return new Caller(id, groups, groups.contains(identity.adminGroup()));
  }

  /** The names in a groups claim as API Gateway passes it: "[a b]", "a b" or "a,b". */
  static Set<String> groupsIn(String claim) {
    if (claim == null || claim.isBlank()) {
      return Set.of();
    }
    String list = claim.strip();
    if (list.startsWith("[") && list.endsWith("]")) {
      list = list.substring(1, list.length() - 1);
    }
    Set<String> groups = new LinkedHashSet<>();
    for (String name : list.split("[\\s,]+")) {
      String group = name.strip();
      if (!group.isEmpty() && callerIdProblem(group) == null) {
        groups.add(group);
      }
    }
    return groups;
  }

  private Map<String, String> claims() {
    var context = event.getRequestContext();
    var authorizer = context == null ? null : context.getAuthorizer();
    var jwt = authorizer == null ? null : authorizer.getJwt();
    Map<String, String> claims = jwt == null ? null : jwt.getClaims();
    return claims == null ? Map.of() : claims;
  }

  /** The longest user id (a token's {@code sub}) the API accepts. */
  public static final int MAX_CALLER_ID_LENGTH = 128;

  /**
   * Why {@code sub} cannot be a user id (blank, longer than {@link #MAX_CALLER_ID_LENGTH}, or
   * holding control characters, which no identity provider issues and Postgres cannot store), or
   * null when it can.
   */
  public static String callerIdProblem(String sub) {
    if (sub == null || sub.isBlank()) {
      return "it is empty";
    }
    if (sub.codePointCount(0, sub.length()) > MAX_CALLER_ID_LENGTH) {
      return "it is longer than " + MAX_CALLER_ID_LENGTH + " characters";
    }
    if (sub.chars().anyMatch(Character::isISOControl)) {
      return "it contains control characters";
    }
    return null;
  }

  /**
   * The JSON body read strictly as {@code type}: INVALID_JSON naming the problem when it is missing
   * or malformed.
   */
  public <T> T body(Class<T> type) {
    String text = rawBody();
    if (text == null || text.isBlank()) {
      throw new SqmException(ErrorCode.INVALID_JSON, "a JSON request body is required", null);
    }
    T value;
    try {
      value = Json.requestMapper().readValue(text, type);
    } catch (UnrecognizedPropertyException e) {
      throw new SqmException(ErrorCode.INVALID_JSON, "unknown field '" + path(e) + "'", path(e));
    } catch (MismatchedInputException e) {
      String field = path(e);
      if (field.isEmpty()) {
        throw new SqmException(
            ErrorCode.INVALID_JSON, "the request body must be a JSON object", null);
      }
      throw new SqmException(
          ErrorCode.INVALID_JSON,
          "field '" + field + "' must be " + describe(e.getTargetType()),
          field);
    } catch (JsonMappingException e) {
      String field = path(e);
      throw new SqmException(
          ErrorCode.INVALID_JSON,
          field.isEmpty()
              ? "the request body does not match the expected shape"
              : "field '" + field + "' is invalid",
          field.isEmpty() ? null : field);
    } catch (StreamReadException e) {
      var where = e.getLocation();
      throw new SqmException(
          ErrorCode.INVALID_JSON,
          "the request body is not valid JSON"
              + (where == null
                  ? ""
                  : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")"),
          null);
    } catch (JsonProcessingException e) {
      throw new SqmException(ErrorCode.INVALID_JSON, "the request body is not valid JSON", null);
    }
    if (value == null) {
      throw new SqmException(
          ErrorCode.INVALID_JSON, "the request body must be a JSON object", null);
    }
    return value;
  }

  /** A path parameter that the route guarantees; VALIDATION_ERROR naming it when absent. */
  public String pathParameter(String name) {
    Map<String, String> params = event.getPathParameters();
    String value = params == null ? null : params.get(name);
    if (value == null || value.isBlank()) {
      throw new SqmException(ErrorCode.VALIDATION_ERROR, name + " is required in the path", name);
    }
    return value;
  }

  /** A path parameter that must be a UUID; VALIDATION_ERROR naming it otherwise. */
  public UUID uuidPathParameter(String name) {
    String value = pathParameter(name);
    try {
      if (value.length() != 36) {
        throw new IllegalArgumentException("not canonical");
      }
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw new SqmException(ErrorCode.VALIDATION_ERROR, name + " must be a UUID", name);
    }
  }

  public Optional<String> queryParameter(String name) {
    Map<String, String> params = event.getQueryStringParameters();
    return Optional.ofNullable(params == null ? null : params.get(name)).filter(v -> !v.isBlank());
  }

  /** An integer query parameter; VALIDATION_ERROR naming it when it is not one. */
  public Optional<Integer> intQueryParameter(String name) {
    return queryParameter(name)
        .map(
            v -> {
              try {
                return Integer.valueOf(v.strip());
              } catch (NumberFormatException e) {
                throw new SqmException(
                    ErrorCode.VALIDATION_ERROR, name + " must be an integer", name);
              }
            });
  }

  /**
   * A query parameter that must name one of {@code type}'s constants (exactly, as the API writes
   * them); VALIDATION_ERROR naming it and listing them otherwise.
   */
  public <E extends Enum<E>> Optional<E> enumQueryParameter(String name, Class<E> type) {
    return queryParameter(name)
        .map(
            v -> {
              for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(v.strip())) {
                  return constant;
                }
              }
              throw new SqmException(
                  ErrorCode.VALIDATION_ERROR,
                  name
                      + " must be one of "
                      + Arrays.stream(type.getEnumConstants())
                          .map(Enum::name)
                          .collect(Collectors.joining(", ")),
                  name);
            });
  }

  /** A header by case-insensitive name (HTTP API lower-cases them, direct callers may not). */
  public Optional<String> header(String name) {
    Map<String, String> headers = event.getHeaders();
    if (headers == null) {
      return Optional.empty();
    }
    return headers.entrySet().stream()
        .filter(h -> h.getKey() != null && h.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .filter(v -> v != null && !v.isBlank())
        .findFirst();
  }

  private String rawBody() {
    String body = event.getBody();
    if (body == null || !event.getIsBase64Encoded()) {
      return body;
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(body.strip());
    } catch (IllegalArgumentException e) {
      throw new SqmException(
          ErrorCode.INVALID_JSON, "the request body is marked base64 but is not", null);
    }
    try {
      // Strict: a body in another encoding would otherwise be stored with its letters replaced.
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new SqmException(
          ErrorCode.INVALID_JSON, "the request body must be JSON encoded as UTF-8", null);
    }
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "of a different type";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type.isRecord() || Map.class.isAssignableFrom(type)) {
      return "an object";
    }
    return "of a different type";
  }
}
