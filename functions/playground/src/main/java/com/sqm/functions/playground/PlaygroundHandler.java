package com.sqm.functions.playground;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sqm.api.ApiInvocation;
import com.sqm.api.ApiRequest;
import com.sqm.model.ErrorCode;
import com.sqm.model.SqmException;
import java.util.Map;

/**
 * {@code GET /} (the playground page) and {@code GET /playground/{file}} (its script, style, the
 * vendored chart libraries and {@code config.json}), without a token: the page asks for one and
 * sends it with its API calls.
 */
public final class PlaygroundHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  static final String CONFIG = "config.json";

  private final PlaygroundAssets assets;
  private final PlaygroundResponses responses;
  private final String config;

  /** Used by Lambda: the module's files, and the sign-in settings of the environment. */
  public PlaygroundHandler() {
    this(PlaygroundAssets.fromClasspath(), PlaygroundSettings.from(System::getenv));
  }

  public PlaygroundHandler(PlaygroundAssets assets, PlaygroundSettings settings) {
    this.assets = assets;
    this.responses = new PlaygroundResponses(settings);
    this.config = PlaygroundResponses.json(settings.pageConfig());
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return ApiInvocation.handle(event, context, this::serve);
  }

  private APIGatewayV2HTTPResponse serve(ApiRequest request) {
    Map<String, String> path = request.event().getPathParameters();
    String file = path == null ? PlaygroundAssets.INDEX : path.get("file");
    if (CONFIG.equals(file)) {
      return responses.config(config);
    }
    PlaygroundAssets.Asset asset =
        assets
            .find(file)
            .orElseThrow(
                () ->
                    new SqmException(
                        ErrorCode.NOT_FOUND, "the playground has no file " + quoted(file), "file"));
    return responses.asset(
        asset,
        request.header("if-none-match").orElse(null),
        request.header("accept-encoding").orElse(null));
  }

  /** The name as the caller sent it, cut short and without control characters. */
  private static String quoted(String name) {
    String shown = name == null ? "" : name.replaceAll("\\p{Cntrl}", "?");
    return "'" + (shown.length() > 80 ? shown.substring(0, 80) + "…" : shown) + "'";
  }
}
