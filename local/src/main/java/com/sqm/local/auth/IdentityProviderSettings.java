package com.sqm.local.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A real identity provider the local runner trusts instead of its dev key: where its signing keys
 * are published (JWKS) and the issuer and audience its tokens must name.
 */
public record IdentityProviderSettings(
    URI jwksUrl, String issuer, String audience, Duration cacheTtl, Duration refetchInterval) {
  /** The settings {@code ./sqm dev --jwks-url --issuer --audience} hands the runtime. */
  public static final String JWKS_URL = "SQM_LOCAL_JWKS_URL";

  public static final String ISSUER = "SQM_LOCAL_JWT_ISSUER";
  public static final String AUDIENCE = "SQM_LOCAL_JWT_AUDIENCE";

  /** How long fetched keys are used before they are fetched again. */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(5);

  /**
   * A token with an unknown {@code kid} makes the keys be fetched again at once (key rotation), at
   * most twice in this interval, so a stream of forged kids cannot hammer the provider.
   */
  public static final Duration DEFAULT_REFETCH_INTERVAL = Duration.ofSeconds(30);

  public IdentityProviderSettings {
    Objects.requireNonNull(jwksUrl, "jwksUrl");
    Objects.requireNonNull(cacheTtl, "cacheTtl");
    Objects.requireNonNull(refetchInterval, "refetchInterval");
    if (refetchInterval.isNegative() || refetchInterval.compareTo(cacheTtl) >= 0) {
      throw new IllegalArgumentException("the refetch interval must be shorter than the cache ttl");
    }
    if (!"https".equals(jwksUrl.getScheme()) && !"http".equals(jwksUrl.getScheme())
        || jwksUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "the JWKS URL must be an http(s) URL with a host, e.g."
              + " https://cognito-idp.<region>.amazonaws.com/<pool>/.well-known/jwks.json");
    }
    if (issuer == null || issuer.isBlank()) {
      throw new IllegalArgumentException("an issuer is required with a JWKS URL");
    }
    if (audience == null || audience.isBlank()) {
      throw new IllegalArgumentException("an audience is required with a JWKS URL");
    }
  }

  /** Settings with the default cache lifetime and refetch interval. */
  public static IdentityProviderSettings of(String jwksUrl, String issuer, String audience) {
    URI url;
    try {
      url = new URI(Objects.requireNonNull(jwksUrl, "jwksUrl").strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the JWKS URL is not a URL: " + e.getMessage(), e);
    }
    return new IdentityProviderSettings(
        url,
        issuer == null ? null : issuer.strip(),
        audience == null ? null : audience.strip(),
        DEFAULT_CACHE_TTL,
        DEFAULT_REFETCH_INTERVAL);
  }

  /**
   * The provider {@code settings} name ({@link #JWKS_URL}, {@link #ISSUER}, {@link #AUDIENCE}), or
   * empty when none is set (dev tokens); an issuer or audience without a URL is an error.
   */
  public static Optional<IdentityProviderSettings> from(Map<String, String> settings) {
    String url = blankToNull(settings.get(JWKS_URL));
    if (url == null) {
      if (blankToNull(settings.get(ISSUER)) != null
          || blankToNull(settings.get(AUDIENCE)) != null) {
        throw new IllegalArgumentException("an issuer or audience needs a JWKS URL as well");
      }
      return Optional.empty();
    }
    return Optional.of(of(url, settings.get(ISSUER), settings.get(AUDIENCE)));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
