package com.sqm.functions.submit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sqm.api.ApiInvocation;
import com.sqm.api.ApiRequest;
import com.sqm.api.ApiResponses;
import com.sqm.config.ContainerComponents;
import com.sqm.config.IdentitySettings;
import com.sqm.model.Caller;
import com.sqm.model.FeedbackRequest;
import com.sqm.service.FeedbackOutcome;
import com.sqm.service.FeedbackService;
import com.sqm.sql.DataSourcePools;
import com.sqm.sql.ReadOnlySqlRunner;
import com.sqm.sql.RunnableSqlVerifier;
import com.sqm.sql.SqlGuard;
import java.util.UUID;
import org.slf4j.MDC;

/**
 * {@code POST /queries/{id}/feedback}: 201 with the stored feedback and whether the answer became
 * an example for its data source; 404 for anyone else's query.
 */
public final class SubmitFeedbackHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final ApiInvocation api = new ApiInvocation();
  private final FeedbackService service;
  private final IdentitySettings identity;

  /** Used by Lambda: the container's shared components and data source pools, built once. */
  public SubmitFeedbackHandler() {
    this(Verifier.SERVICE, ContainerComponents.get().config().identity());
  }

  /** With the default identity settings (groups in {@code cognito:groups}). */
  public SubmitFeedbackHandler(FeedbackService service) {
    this(service, IdentitySettings.DEFAULTS);
  }

  public SubmitFeedbackHandler(FeedbackService service, IdentitySettings identity) {
    this.service = service;
    this.identity = identity;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return api.handle(event, context, this::submit);
  }

  private APIGatewayV2HTTPResponse submit(ApiRequest request) {
    Caller caller = request.caller(identity);
    UUID id = request.uuidPathParameter("id");
    MDC.put("queryId", id.toString());
    FeedbackOutcome outcome = service.submit(caller, id, request.body(FeedbackRequest.class));
    return ApiResponses.json(201, outcome);
  }

  /** The container's service, built on first use (the SQL layers are not in the core graph). */
  private static final class Verifier {
    static final FeedbackService SERVICE =
        ContainerComponents.get()
            .feedbackService(
                new RunnableSqlVerifier(
                    new ReadOnlySqlRunner(new SqlGuard()), new DataSourcePools(System::getenv)));
  }
}
