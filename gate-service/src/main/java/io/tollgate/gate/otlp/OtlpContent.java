package io.tollgate.gate.otlp;

import io.micronaut.core.annotation.Nullable;
import java.util.Locale;
import java.util.Optional;

/** The two OTLP/HTTP payload encodings; a response uses the request's. */
enum OtlpContent {
  PROTOBUF("application/x-protobuf"),
  JSON("application/json");

  private final String mediaType;

  OtlpContent(String mediaType) {
    this.mediaType = mediaType;
  }

  String mediaType() {
    return mediaType;
  }

  /** From a {@code Content-Type} header, ignoring parameters such as {@code charset}. */
  static Optional<OtlpContent> of(@Nullable String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    int semicolon = contentType.indexOf(';');
    String type =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .trim()
            .toLowerCase(Locale.ROOT);
    return switch (type) {
      case "application/x-protobuf", "application/protobuf" -> Optional.of(PROTOBUF);
      case "application/json" -> Optional.of(JSON);
      default -> Optional.empty();
    };
  }
}
