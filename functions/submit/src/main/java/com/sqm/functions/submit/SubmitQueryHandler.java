package com.sqm.functions.submit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sqm.api.ApiInvocation;
import com.sqm.api.ApiRequest;
import com.sqm.api.ApiResponses;
import com.sqm.api.QueryAccepted;
import com.sqm.config.ContainerComponents;
import com.sqm.config.IdentitySettings;
import com.sqm.model.Caller;
import com.sqm.model.ErrorCode;
import com.sqm.model.QueryRequest;
import com.sqm.model.QueryResponse;
import com.sqm.model.SqmException;
import com.sqm.service.Submission;
import com.sqm.service.SubmitQueryService;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /queries}: 202 with the new query's id and link, or 200 with the existing query when
 * the idempotency key (body {@code idempotencyKey} or header {@code Idempotency-Key}) was seen
 * before.
 */
public final class SubmitQueryHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final ApiInvocation api = new ApiInvocation();
  private final SubmitQueryService service;
  private final IdentitySettings identity;

  /** Used by Lambda: the container's shared components, built from the environment once. */
  public SubmitQueryHandler() {
    this(ContainerComponents.get().submitService(), ContainerComponents.get().config().identity());
  }

  /** With the default identity settings (groups in {@code cognito:groups}). */
  public SubmitQueryHandler(SubmitQueryService service) {
    this(service, IdentitySettings.DEFAULTS);
  }

  public SubmitQueryHandler(SubmitQueryService service, IdentitySettings identity) {
    this.service = service;
    this.identity = identity;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return api.handle(event, context, this::submit);
  }

  private APIGatewayV2HTTPResponse submit(ApiRequest request) {
    Caller caller = request.caller(identity);
    QueryRequest body =
        withHeaderKey(request.body(QueryRequest.class), request.header("Idempotency-Key"));
    Submission submission = service.submit(caller, body);
    var query = submission.query();
    Map<String, String> location = Map.of("Location", QueryAccepted.selfLink(query.id()));
    if (submission.created()) {
      return ApiResponses.json(202, QueryAccepted.of(query.id(), query.status()), location);
    }
    return ApiResponses.json(200, QueryResponse.from(query), location);
  }

  private static QueryRequest withHeaderKey(QueryRequest body, Optional<String> headerKey) {
    if (headerKey.isEmpty()) {
      return body;
    }
    if (body.idempotencyKey() != null && !body.idempotencyKey().equals(headerKey.get())) {
      throw new SqmException(
          ErrorCode.VALIDATION_ERROR,
          "idempotencyKey in the body differs from the Idempotency-Key header",
          "idempotencyKey");
    }
    return body.withIdempotencyKey(headerKey.get());
  }
}
