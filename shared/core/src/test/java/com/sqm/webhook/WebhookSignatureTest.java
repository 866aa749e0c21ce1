package com.sqm.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
  private static final String BODY = "{\"id\":\"e1\",\"detail-type\":\"QueryCompleted\"}";

  @Test
  void shouldSignTimestampAndBody_whenSigning() {
    // echo -n '1700000000.{"id":"e1","detail-type":"QueryCompleted"}' |
    //   openssl dgst -sha256 -hmac secret
    String signature = WebhookSignature.sign("secret", 1_700_000_000L, BODY);

    assertThat(signature)
        .isEqualTo("v1=0ca94a3337f71c63454aa55197ab1417d04625f6b9a19f7c0d84957a00a11745");
  }

  @Test
  void shouldVerify_whenSignatureMatches() {
    String signature = WebhookSignature.sign("secret", 1_700_000_000L, BODY);

    assertThat(WebhookSignature.verify("secret", 1_700_000_000L, BODY, signature)).isTrue();
  }

  @Test
  void shouldNotVerify_whenBodyTimestampOrSecretDiffer() {
    String signature = WebhookSignature.sign("secret", 1_700_000_000L, BODY);

    assertThat(WebhookSignature.verify("secret", 1_700_000_000L, BODY + " ", signature)).isFalse();
    assertThat(WebhookSignature.verify("secret", 1_700_000_001L, BODY, signature)).isFalse();
    assertThat(WebhookSignature.verify("other", 1_700_000_000L, BODY, signature)).isFalse();
    assertThat(WebhookSignature.verify("secret", 1_700_000_000L, BODY, null)).isFalse();
  }
}
