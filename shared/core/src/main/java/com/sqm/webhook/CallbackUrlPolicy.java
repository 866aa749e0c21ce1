package com.sqm.webhook;

import com.sqm.config.EventSettings;
import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which callback URLs a webhook may be sent to, so a caller cannot make this service call into its
 * own network (SSRF): https only (http too with {@code SQM_WEBHOOK_ALLOW_HTTP=true}), no user info,
 * and a host whose every address passes {@link BlockedAddresses}, unless the host is in {@code
 * SQM_WEBHOOK_ALLOWED_HOSTS}. Checked when the query is submitted and again, on a fresh resolution,
 * before each send (a host may resolve elsewhere by then: DNS rebinding).
 */
public final class CallbackUrlPolicy {
  public static final int MAX_LENGTH = 2048;

  private final boolean allowHttp;
  private final Set<String> allowedHosts;
  private final HostResolver resolver;

  public CallbackUrlPolicy(boolean allowHttp, Set<String> allowedHosts, HostResolver resolver) {
    this.allowHttp = allowHttp;
    this.allowedHosts = Set.copyOf(allowedHosts);
    this.resolver = resolver;
  }

  public static CallbackUrlPolicy from(EventSettings settings) {
    return new CallbackUrlPolicy(
        settings.webhookAllowHttp(), settings.webhookAllowedHosts(), HostResolver.SYSTEM);
  }

  /**
   * The URL {@code raw} names, if a webhook may be sent there now; resolves its host.
   *
   * @throws CallbackRefusedException with a sentence saying why not
   */
  public URI check(String raw) {
    URI url = parse(raw);
    addressesOf(url);
    return url;
  }

  /**
   * The addresses of {@code url}'s host, each allowed (or the host is allowlisted).
   *
   * @throws CallbackRefusedException when the host does not resolve or leads somewhere refused
   */
  public List<InetAddress> addressesOf(URI url) {
    String host = hostOf(url);
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      throw new CallbackRefusedException("callbackUrl host " + host + " does not resolve");
    }
    if (addresses.length == 0) {
      throw new CallbackRefusedException("callbackUrl host " + host + " does not resolve");
    }
    if (!allowedHosts.contains(host)) {
      for (InetAddress address : addresses) {
        Optional<String> reason = BlockedAddresses.reason(address);
        if (reason.isPresent()) {
          throw new CallbackRefusedException(
              "callbackUrl host "
                  + host
                  + " resolves to a "
                  + reason.get()
                  + " address; webhooks go to public addresses only");
        }
      }
    }
    return List.of(addresses);
  }

  private URI parse(String raw) {
    if (raw == null || raw.isBlank()) {
      throw new CallbackRefusedException("callbackUrl must not be blank");
    }
    String text = raw.strip();
    if (text.length() > MAX_LENGTH) {
      throw new CallbackRefusedException(
          "callbackUrl must be at most " + MAX_LENGTH + " characters");
    }
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      throw new CallbackRefusedException("callbackUrl is not a URL: " + e.getReason());
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
      throw new CallbackRefusedException(
          allowHttp ? "callbackUrl must be an http or https URL" : "callbackUrl must be https");
    }
    if (url.getRawUserInfo() != null
        || url.getRawAuthority() == null
        || url.getRawAuthority().contains("@")) {
      throw new CallbackRefusedException("callbackUrl must not carry user info");
    }
    if (url.getHost() == null || url.getHost().isBlank()) {
      throw new CallbackRefusedException("callbackUrl must name a host");
    }
    if (url.getRawFragment() != null) {
      throw new CallbackRefusedException("callbackUrl must not have a fragment");
    }
    return url;
  }

  /** The host as resolved and compared with the allowlist: lower case, no IPv6 brackets. */
  static String hostOf(URI url) {
    String host = url.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
  }
}
