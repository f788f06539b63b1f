package io.tollgate.gate.otlp;

import io.micronaut.core.annotation.Nullable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/** Request bodies as sent: size-checked, and gunzipped within a bound (no zip bombs). */
final class Bodies {
  private Bodies() {}

  static byte[] decoded(byte[] body, @Nullable String contentEncoding, int maxBody, int maxDecoded)
      throws OtlpRejection {
    if (body.length > maxBody) {
      throw OtlpRejection.tooLarge(
          "request body of " + body.length + " bytes exceeds the limit of " + maxBody + " bytes");
    }
    String coding = contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    return switch (coding) {
      case "", "identity" -> checkDecoded(body, maxDecoded);
      case "gzip", "x-gzip" -> gunzip(body, maxDecoded);
      default ->
          throw OtlpRejection.unsupported(
              "Content-Encoding '" + abbreviate(coding) + "' is not supported (gzip or none)");
    };
  }

  private static byte[] checkDecoded(byte[] body, int maxDecoded) throws OtlpRejection {
    if (body.length > maxDecoded) {
      throw tooLargeDecoded(maxDecoded);
    }
    return body;
  }

  private static byte[] gunzip(byte[] body, int maxDecoded) throws OtlpRejection {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxDecoded, body.length * 4));
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body), buffer.length)) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (out.size() + n > maxDecoded) {
          throw tooLargeDecoded(maxDecoded);
        }
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw OtlpRejection.badData("the body is not valid gzip (Content-Encoding: gzip)", e);
    }
    return out.toByteArray();
  }

  private static OtlpRejection tooLargeDecoded(int maxDecoded) {
    return OtlpRejection.tooLarge(
        "the decompressed body exceeds the limit of " + maxDecoded + " bytes");
  }

  static String abbreviate(String s) {
    String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() <= 40 ? clean : clean.substring(0, 40) + "...";
  }
}
