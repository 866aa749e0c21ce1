package com.sqm.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackUrlPolicyTest {
  /** Names resolved from a table: no DNS is asked. */
  private static final Map<String, String> DNS =
      Map.of(
          "hooks.example.com", "93.184.216.34",
          "internal.example.com", "10.1.2.3",
          "rebound.example.com", "169.254.169.254",
          "v6.example.com", "2606:4700::1111",
          "v6-local.example.com", "fd12:3456::1");

  private static final HostResolver TABLE =
      host -> {
        String address = DNS.get(host);
        if (address == null) {
          if (host.matches("[0-9a-f.:]+")) {
            return new InetAddress[] {InetAddress.getByName(host)};
          }
          throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(address)};
      };

  private final CallbackUrlPolicy strict = new CallbackUrlPolicy(false, Set.of(), TABLE);

  @Test
  void shouldAcceptHttpsUrl_whenHostResolvesToPublicAddress() {
    URI url = strict.check("https://hooks.example.com/sqm?team=1");

    assertThat(url).hasToString("https://hooks.example.com/sqm?team=1");
  }

  @Test
  void shouldAcceptPublicIpv6Host_whenBracketed() {
    assertThat(strict.check("https://[2606:4700::1111]/hook")).isNotNull();
    assertThat(strict.check("https://v6.example.com/hook")).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://hooks.example.com/x",
        "ftp://hooks.example.com/x",
        "file:///etc/passwd",
        "hooks.example.com/x",
        "javascript:alert(1)"
      })
  void shouldRefuseUrl_whenNotHttps(String url) {
    assertThatThrownBy(() -> strict.check(url))
        .isInstanceOf(CallbackRefusedException.class)
        .hasMessageContaining("https");
  }

  @Test
  void shouldAcceptHttp_whenAllowedByConfiguration() {
    CallbackUrlPolicy http = new CallbackUrlPolicy(true, Set.of(), TABLE);

    assertThat(http.check("http://hooks.example.com/x")).isNotNull();
    assertThatThrownBy(() -> http.check("ftp://hooks.example.com/x"))
        .isInstanceOf(CallbackRefusedException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://user:pass@hooks.example.com/x",
        "https://user@hooks.example.com/x",
        "https://hooks.example.com@10.1.2.3/x"
      })
  void shouldRefuseUrl_whenItCarriesUserInfo(String url) {
    assertThatThrownBy(() -> strict.check(url))
        .isInstanceOf(CallbackRefusedException.class)
        .hasMessageContaining("user info");
  }

  @ParameterizedTest
  @CsvSource({
    "https://127.0.0.1/x, loopback",
    "https://127.1.2.3/x, loopback",
    "https://[::1]/x, loopback",
    "https://169.254.169.254/latest/meta-data, link-local",
    "https://[fe80::1]/x, link-local",
    "https://10.0.0.1/x, private",
    "https://172.16.5.4/x, private",
    "https://172.31.255.255/x, private",
    "https://192.168.1.1/x, private",
    "https://100.64.0.1/x, private",
    "https://[fd00::1]/x, unique-local",
    "https://[fc00::1]/x, unique-local",
    "https://224.0.0.1/x, multicast",
    "https://[ff02::1]/x, multicast",
    "https://0.0.0.0/x, unspecified",
    "https://[::]/x, unspecified",
    "https://255.255.255.255/x, broadcast",
    "https://[::ffff:127.0.0.1]/x, loopback",
    "https://[::ffff:10.0.0.1]/x, private",
    "https://[::10.0.0.1]/x, private",
    "https://[64:ff9b::a9fe:a9fe]/x, link-local",
    "https://[2002:c0a8:0101::1]/x, private",
    "https://internal.example.com/x, private",
    "https://rebound.example.com/x, link-local",
    "https://v6-local.example.com/x, unique-local"
  })
  void shouldRefuseHost_whenItLeadsIntoAPrivateNetwork(String url, String kind) {
    assertThatThrownBy(() -> strict.check(url))
        .isInstanceOf(CallbackRefusedException.class)
        .hasMessageContaining("resolves to a " + kind + " address");
  }

  @Test
  void shouldAcceptPrivateHost_whenAllowlisted() {
    CallbackUrlPolicy allowlisted =
        new CallbackUrlPolicy(false, Set.of("internal.example.com", "127.0.0.1"), TABLE);

    assertThat(allowlisted.check("https://Internal.Example.com/x")).isNotNull();
    assertThat(allowlisted.check("https://127.0.0.1:8443/x")).isNotNull();
    assertThatThrownBy(() -> allowlisted.check("https://10.0.0.1/x"))
        .isInstanceOf(CallbackRefusedException.class);
  }

  @Test
  void shouldRefuseHost_whenItDoesNotResolve() {
    assertThatThrownBy(() -> strict.check("https://nowhere.example.com/x"))
        .isInstanceOf(CallbackRefusedException.class)
        .hasMessageContaining("does not resolve");
  }

  @Test
  void shouldRefuseHost_whenAnyOfItsAddressesIsPrivate() {
    CallbackUrlPolicy mixed =
        new CallbackUrlPolicy(
            false,
            Set.of(),
            host ->
                new InetAddress[] {
                  InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.0.0.7")
                });

    assertThatThrownBy(() -> mixed.check("https://mixed.example.com/x"))
        .hasMessageContaining("private");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "  ", "https://", "https:///path", "https://hooks.example.com/x#frag"})
  void shouldRefuseUrl_whenMalformed(String url) {
    assertThatThrownBy(() -> strict.check(url)).isInstanceOf(CallbackRefusedException.class);
  }

  @Test
  void shouldRefuseUrl_whenTooLong() {
    String url = "https://hooks.example.com/" + "a".repeat(CallbackUrlPolicy.MAX_LENGTH);

    assertThatThrownBy(() -> strict.check(url)).hasMessageContaining("at most");
  }
}
