package io.tollgate.ingest.otlp;

import java.util.Locale;

/** How the OpenTelemetry Collector's Kafka exporter encoded a record value. */
public enum OtlpEncoding {
  /** Serialized {@code Export*ServiceRequest} protobuf (the exporter's default). */
  OTLP_PROTO,
  /** The protobuf JSON mapping, with trace and span ids as hex strings. */
  OTLP_JSON;

  /** Parses the exporter's spelling, {@code otlp_proto} or {@code otlp_json}. */
  public static OtlpEncoding parse(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "otlp_proto" -> OTLP_PROTO;
      case "otlp_json" -> OTLP_JSON;
      default ->
          throw new IllegalArgumentException(
              "unknown encoding '" + name + "' (expected otlp_proto or otlp_json)");
    };
  }
}
