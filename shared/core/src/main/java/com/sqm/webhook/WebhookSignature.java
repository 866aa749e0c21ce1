package com.sqm.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook: {@code Sqm-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<body>">}
 * keyed with the webhook secret, {@code Sqm-Timestamp: <unix seconds>}. Signing the timestamp with
 * the body lets a receiver refuse replays of an old delivery.
 */
public final class WebhookSignature {
  public static final String SIGNATURE_HEADER = "Sqm-Signature";
  public static final String TIMESTAMP_HEADER = "Sqm-Timestamp";
  public static final String VERSION = "v1=";

  private WebhookSignature() {}

  /** {@code v1=} and the hex HMAC-SHA256 of {@code "<timestamp>.<body>"} under {@code secret}. */
  public static String sign(String secret, long timestamp, String body) {
    return VERSION + HexFormat.of().formatHex(hmac(secret, timestamp + "." + body));
  }

  /**
   * Whether {@code signature} is {@code body}'s at {@code timestamp}, compared in constant time.
   */
  public static boolean verify(String secret, long timestamp, String body, String signature) {
    if (signature == null) {
      return false;
    }
    return MessageDigest.isEqual(
        sign(secret, timestamp, body).getBytes(StandardCharsets.US_ASCII),
        signature.strip().getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] hmac(String secret, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }
}
