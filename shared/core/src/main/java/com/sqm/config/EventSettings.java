package com.sqm.config;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where completion events go: the EventBridge bus ({@code SQM_EVENT_BUS_NAME}; none: events are
 * kept but not published), an endpoint override for LocalStack or tests ({@code
 * SQM_EVENTS_ENDPOINT}), and the webhook rules: plain http allowed ({@code SQM_WEBHOOK_ALLOW_HTTP},
 * off), hosts exempt from the private-address check ({@code SQM_WEBHOOK_ALLOWED_HOSTS},
 * comma-separated) and the signing secret ({@code SQM_WEBHOOK_SECRET}, its value or {@code
 * secret:NAME-OR-ARN}, read where webhooks are sent; none: callback URLs are refused). {@link
 * #toString()} masks the secret.
 */
public record EventSettings(
    Optional<String> busName,
    Optional<URI> endpoint,
    boolean webhookAllowHttp,
    Set<String> webhookAllowedHosts,
    Optional<String> webhookSecret) {
  public static final String BUS_NAME_SETTING = "SQM_EVENT_BUS_NAME";
  public static final String ENDPOINT_SETTING = "SQM_EVENTS_ENDPOINT";
  public static final String ALLOW_HTTP_SETTING = "SQM_WEBHOOK_ALLOW_HTTP";
  public static final String ALLOWED_HOSTS_SETTING = "SQM_WEBHOOK_ALLOWED_HOSTS";
  public static final String SECRET_SETTING = "SQM_WEBHOOK_SECRET";

  public static final EventSettings NONE =
      new EventSettings(Optional.empty(), Optional.empty(), false, Set.of(), Optional.empty());

  public EventSettings {
    webhookAllowedHosts = Set.copyOf(webhookAllowedHosts);
  }

  public static EventSettings from(Function<String, String> env) {
    String hosts = blankToNull(env.apply(ALLOWED_HOSTS_SETTING));
    return new EventSettings(
        Optional.ofNullable(blankToNull(env.apply(BUS_NAME_SETTING))),
        Optional.ofNullable(blankToNull(env.apply(ENDPOINT_SETTING))).map(URI::create),
        "true".equalsIgnoreCase(blankToNull(env.apply(ALLOW_HTTP_SETTING))),
        hosts == null
            ? Set.of()
            : Arrays.stream(hosts.split(","))
                .map(h -> h.strip().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty())
                .collect(Collectors.toUnmodifiableSet()),
        Optional.ofNullable(blankToNull(env.apply(SECRET_SETTING))));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  @Override
  public String toString() {
    return "EventSettings[busName="
        + busName
        + ", endpoint="
        + endpoint
        + ", webhookAllowHttp="
        + webhookAllowHttp
        + ", webhookAllowedHosts="
        + webhookAllowedHosts
        + ", webhookSecret="
        + (webhookSecret.isPresent() ? "****" : "none")
        + "]";
  }
}
