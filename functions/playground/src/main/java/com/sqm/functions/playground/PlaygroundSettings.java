package com.sqm.functions.playground;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the deployed playground signs people in: the identity provider's hosted sign-in (a Cognito
 * user pool domain) and the app client the page uses with the authorization-code flow and PKCE.
 * Both unset: no sign-in button; the page asks for a token to paste instead.
 */
public record PlaygroundSettings(Optional<URI> authUrl, String clientId, String scopes) {
  public static final String AUTH_URL = "SQM_PLAYGROUND_AUTH_URL";
  public static final String CLIENT_ID = "SQM_PLAYGROUND_CLIENT_ID";
  public static final String SCOPES = "SQM_PLAYGROUND_SCOPES";
  public static final String DEFAULT_SCOPES = "openid";

  /** No sign-in: the page takes a pasted token (or the dev link's). */
  public static final PlaygroundSettings NONE =
      new PlaygroundSettings(Optional.empty(), "", DEFAULT_SCOPES);

  /**
   * Reads the settings.
   *
   * @throws IllegalArgumentException naming the setting that is unusable: an auth URL that is not
   *     https (http only for localhost), or one of the two without the other
   */
  public static PlaygroundSettings from(Function<String, String> env) {
    String url = blankToEmpty(env.apply(AUTH_URL));
    String clientId = blankToEmpty(env.apply(CLIENT_ID));
    String scopes = blankToEmpty(env.apply(SCOPES));
    if (scopes.isEmpty()) {
      scopes = DEFAULT_SCOPES;
    }
    if (!scopes.matches("[A-Za-z0-9_:/.+-]+( [A-Za-z0-9_:/.+-]+)*")) {
      throw new IllegalArgumentException(SCOPES + " must be scopes separated by single spaces");
    }
    if (url.isEmpty() && clientId.isEmpty()) {
      return new PlaygroundSettings(Optional.empty(), "", scopes);
    }
    if (url.isEmpty() || clientId.isEmpty()) {
      throw new IllegalArgumentException(
          AUTH_URL + " and " + CLIENT_ID + " go together: set both or neither");
    }
    if (!clientId.matches("[A-Za-z0-9_.-]{1,128}")) {
      throw new IllegalArgumentException(CLIENT_ID + " is not an OAuth client id");
    }
    return new PlaygroundSettings(Optional.of(authUrl(url)), clientId, scopes);
  }

  private static URI authUrl(String url) {
    URI uri;
    try {
      uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(AUTH_URL + " is not a URL: " + e.getMessage(), e);
    }
    boolean local = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost());
    boolean scheme = "https".equals(uri.getScheme()) || (local && "http".equals(uri.getScheme()));
    if (!scheme || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
      throw new IllegalArgumentException(
          AUTH_URL
              + " must be the https base URL of the hosted sign-in, e.g."
              + " https://example.auth.eu-west-1.amazoncognito.com");
    }
    return uri;
  }

  private static String blankToEmpty(String value) {
    return value == null ? "" : value.strip();
  }

  /** The origin the page exchanges the code at, for the page's Content-Security-Policy. */
  public Optional<String> authOrigin() {
    return authUrl.map(
        u -> u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()));
  }

  /**
   * What {@code GET /playground/config.json} tells the page: {@code signIn} is null without an
   * identity provider, else its OAuth 2.0 endpoints (Cognito's hosted UI paths) and client.
   */
  public Map<String, Object> pageConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    if (authUrl.isEmpty()) {
      config.put("signIn", null);
      return config;
    }
    Map<String, Object> signIn = new LinkedHashMap<>();
    signIn.put("authorizeUrl", authUrl.get() + "/oauth2/authorize");
    signIn.put("tokenUrl", authUrl.get() + "/oauth2/token");
    signIn.put("logoutUrl", authUrl.get() + "/logout");
    signIn.put("clientId", clientId);
    signIn.put("scopes", scopes);
    config.put("signIn", signIn);
    return config;
  }
}
