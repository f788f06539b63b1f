package io.tollgate.ingest.otlp;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.tollgate.ingest.signature.ErrorClasses;
import io.tollgate.ingest.signature.MessageNormalizer;
import io.tollgate.telemetry.aggregate.FailureSignature;
import java.util.List;
import java.util.Locale;

/** Reads a failure signature off an error span. */
final class Signatures {
  private final int maxLength;

  Signatures(int maxLength) {
    this.maxLength = maxLength;
  }

  /** The span's {@code exception} event that escaped the span, or null. */
  static Span.Event escapedException(Span span) {
    for (Span.Event e : span.getEventsList()) {
      if ("exception".equals(e.getName())
          && "true".equals(Attributes.get(e.getAttributesList(), "exception.escaped"))) {
        return e;
      }
    }
    return null;
  }

  FailureSignature of(String service, Span span, String operation, Span.Event escaped) {
    Span.Event exception = escaped != null ? escaped : anyException(span);
    List<KeyValue> attrs = span.getAttributesList();
    List<KeyValue> eventAttrs = exception == null ? List.of() : exception.getAttributesList();
    String errorClass = nonEmpty(Attributes.get(attrs, "error.type"));
    if (errorClass == null) {
      errorClass = nonEmpty(Attributes.get(eventAttrs, "exception.type"));
    }
    if (errorClass == null) {
      errorClass = nonEmpty(Attributes.get(attrs, "exception.type"));
    }
    if (errorClass == null) {
      String status = nonEmpty(Attributes.get(attrs, "http.response.status_code"));
      if (status == null) {
        status = nonEmpty(Attributes.get(attrs, "http.status_code"));
      }
      errorClass = status == null ? ErrorClasses.UNKNOWN : "HTTP " + status;
    }
    errorClass = Attributes.truncate(errorClass, maxLength);
    String message = "";
    if (ErrorClasses.isGeneric(errorClass)) {
      String raw = nonEmpty(Attributes.get(eventAttrs, "exception.message"));
      if (raw == null) {
        raw = span.getStatus().getMessage();
      }
      message = MessageNormalizer.normalize(raw);
    }
    return new FailureSignature(
        service, kind(span), operation, errorClass, message, MessageNormalizer.VERSION);
  }

  private static Span.Event anyException(Span span) {
    for (Span.Event e : span.getEventsList()) {
      if ("exception".equals(e.getName())) {
        return e;
      }
    }
    return null;
  }

  private static String kind(Span span) {
    String name = span.getKind().name();
    return name.startsWith("SPAN_KIND_")
        ? name.substring("SPAN_KIND_".length())
        : name.toUpperCase(Locale.ROOT);
  }

  private static String nonEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
