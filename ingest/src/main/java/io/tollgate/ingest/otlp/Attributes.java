package io.tollgate.ingest.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;

/** Reads OTLP attribute lists as strings. */
final class Attributes {
  private Attributes() {}

  /** The value of {@code key} as text, or null when absent. */
  static String get(List<KeyValue> attributes, String key) {
    for (int i = 0, n = attributes.size(); i < n; i++) {
      KeyValue kv = attributes.get(i);
      if (kv.getKey().equals(key)) {
        return text(kv.getValue());
      }
    }
    return null;
  }

  static String text(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case INT_VALUE -> Long.toString(v.getIntValue());
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
      case BYTES_VALUE -> java.util.HexFormat.of().formatHex(v.getBytesValue().toByteArray());
      case ARRAY_VALUE, KVLIST_VALUE -> v.toString().replace('\n', ' ').strip();
      case VALUE_NOT_SET -> "";
    };
  }

  /**
   * Cuts {@code s} to {@code max} characters (never splitting a surrogate pair) and drops NUL
   * characters, which PostgreSQL text cannot hold: one bad value must not make a batch
   * uncommittable.
   */
  static String truncate(String s, int max) {
    if (s != null && s.indexOf('\0') >= 0) {
      s = s.replace("\0", "");
    }
    if (s == null || s.length() <= max) {
      return s;
    }
    int end = max;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end);
  }
}
