package com.sqm.local.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.sqm.local.SecretFile;
import java.nio.file.Path;
import java.util.Base64;

/** The HS256 key the local runner signs and checks dev tokens with, kept in the data directory. */
public final class DevSigningKey {
  public static final String FILE_NAME = "dev-jwt.key";
  private static final int KEY_BYTES = 32;

  private final byte[] secret;

  private DevSigningKey(byte[] secret) {
    this.secret = secret.clone();
  }

  /** Loads {@code <dataDir>/dev-jwt.key}, creating it (32 random bytes, mode 600) on first use. */
  public static DevSigningKey loadOrCreate(Path dataDir) {
    Path file = dataDir.resolve(FILE_NAME);
    byte[] secret;
    try {
      secret = Base64.getUrlDecoder().decode(SecretFile.readOrCreate(file, KEY_BYTES));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          file + " is not a valid key; delete it to create a new one", e);
    }
    if (secret.length < KEY_BYTES) {
      throw new IllegalStateException(
          file + " holds a key shorter than 32 bytes; delete it to create a new one");
    }
    return new DevSigningKey(secret);
  }

  /** Signs dev tokens (HS256). */
  JWSSigner signer() {
    try {
      return new MACSigner(secret);
    } catch (JOSEException e) {
      // Only thrown for a secret shorter than 256 bits, which loadOrCreate refuses.
      throw new IllegalStateException("the dev signing key is too short", e);
    }
  }

  /** The raw HMAC secret, for the authorizer's verifier. */
  byte[] secret() {
    return secret.clone();
  }
}
