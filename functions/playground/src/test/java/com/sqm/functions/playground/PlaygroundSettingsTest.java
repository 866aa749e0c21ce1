package com.sqm.functions.playground;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlaygroundSettingsTest {
  private static final String HOSTED_UI = "https://sqm-demo.auth.eu-west-1.amazoncognito.com";

  @Test
  void shouldOfferNoSignIn_whenNothingIsSet() {
    PlaygroundSettings settings = PlaygroundSettings.from(Map.<String, String>of()::get);

    assertThat(settings.authUrl()).isEmpty();
    assertThat(settings.authOrigin()).isEmpty();
    assertThat(settings.pageConfig()).containsEntry("signIn", null);
  }

  @Test
  void shouldTreatBlankAsUnset_whenTheTemplatePassesEmptyParameters() {
    PlaygroundSettings settings =
        PlaygroundSettings.from(
            Map.of(
                    PlaygroundSettings.AUTH_URL, "",
                    PlaygroundSettings.CLIENT_ID, " ",
                    PlaygroundSettings.SCOPES, "")
                ::get);

    assertThat(settings.authUrl()).isEmpty();
    assertThat(settings.scopes()).isEqualTo("openid");
  }

  @Test
  void shouldKeepTheOriginAndScopes_whenAHostedSignInIsSet() {
    PlaygroundSettings settings =
        PlaygroundSettings.from(
            Map.of(
                    PlaygroundSettings.AUTH_URL, HOSTED_UI + "/",
                    PlaygroundSettings.CLIENT_ID, "client-1",
                    PlaygroundSettings.SCOPES, "openid email")
                ::get);

    assertThat(settings.authOrigin()).contains(HOSTED_UI);
    assertThat(settings.scopes()).isEqualTo("openid email");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://sqm-demo.auth.eu-west-1.amazoncognito.com",
        "javascript:alert(1)",
        "https://sqm-demo.auth.eu-west-1.amazoncognito.com/?next=x",
        "https://",
        "not a url"
      })
  void shouldRefuseNamingTheSetting_whenTheAuthUrlIsNotAnHttpsBase(String url) {
    assertThatThrownBy(
            () ->
                PlaygroundSettings.from(
                    Map.of(PlaygroundSettings.AUTH_URL, url, PlaygroundSettings.CLIENT_ID, "c")
                        ::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(PlaygroundSettings.AUTH_URL);
  }

  @Test
  void shouldRefuse_whenOnlyOneOfUrlAndClientIsSet() {
    assertThatThrownBy(
            () -> PlaygroundSettings.from(Map.of(PlaygroundSettings.AUTH_URL, HOSTED_UI)::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(PlaygroundSettings.CLIENT_ID);
  }

  @Test
  void shouldRefuse_whenScopesCouldBreakTheAuthorizeUrl() {
    assertThatThrownBy(
            () ->
                PlaygroundSettings.from(
                    Map.of(
                            PlaygroundSettings.AUTH_URL, HOSTED_UI,
                            PlaygroundSettings.CLIENT_ID, "c",
                            PlaygroundSettings.SCOPES, "openid&redirect_uri=https://evil")
                        ::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(PlaygroundSettings.SCOPES);
  }
}
