package io.tollgate.gate.events;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Tollgate-Signature} header: {@code sha256=} and the hex HMAC-SHA256 of the request
 * body, keyed with the webhook's secret (the scheme GitHub's {@code X-Hub-Signature-256} uses), so
 * a receiver can check that a request came from Tollgate and was not altered.
 */
final class Signature {
  private Signature() {}

  static String header(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
