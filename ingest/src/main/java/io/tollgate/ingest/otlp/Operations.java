package io.tollgate.ingest.otlp;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;

/**
 * Names the operation a span performed, from the semantic conventions: {@code http.route} (prefixed
 * with the method where known), else {@code rpc.service/rpc.method}, else the messaging
 * destination, else the database operation, else the span name.
 */
final class Operations {
  private final int maxLength;

  Operations(int maxLength) {
    this.maxLength = maxLength;
  }

  String of(Span span) {
    return Attributes.truncate(raw(span), maxLength);
  }

  private static String raw(Span span) {
    List<KeyValue> a = span.getAttributesList();
    String route = Attributes.get(a, "http.route");
    if (route != null && !route.isEmpty()) {
      String method = first(a, "http.request.method", "http.method");
      return method == null ? route : method + " " + route;
    }
    String rpcService = Attributes.get(a, "rpc.service");
    String rpcMethod = Attributes.get(a, "rpc.method");
    if (rpcService != null || rpcMethod != null) {
      return (rpcService == null ? "" : rpcService) + "/" + (rpcMethod == null ? "" : rpcMethod);
    }
    String destination = first(a, "messaging.destination.name", "messaging.destination");
    if (destination != null) {
      String op = first(a, "messaging.operation.type", "messaging.operation");
      return op == null ? destination : op + " " + destination;
    }
    String db = first(a, "db.operation.name", "db.operation");
    if (db != null) {
      String collection = first(a, "db.collection.name", "db.sql.table");
      return collection == null ? db : db + " " + collection;
    }
    return span.getName();
  }

  private static String first(List<KeyValue> a, String key, String fallback) {
    String v = Attributes.get(a, key);
    if (v == null || v.isEmpty()) {
      v = Attributes.get(a, fallback);
    }
    return v == null || v.isEmpty() ? null : v;
  }
}
