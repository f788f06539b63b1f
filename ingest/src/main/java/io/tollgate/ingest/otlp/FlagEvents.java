package io.tollgate.ingest.otlp;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads feature-flag evaluations off a span's events, in the names the OpenTelemetry conventions
 * and the OpenFeature hooks have used:
 *
 * <ul>
 *   <li>event {@code feature_flag.evaluation} (semantic conventions 1.32 on; OpenFeature's Go
 *       {@code NewTracesHook} and JS {@code SpanEventHook}) with {@code feature_flag.key} and
 *       {@code feature_flag.result.variant}, or only {@code feature_flag.result.value} when the
 *       provider names no variant;
 *   <li>event {@code feature_flag} (older conventions; OpenFeature's Java {@code TracesHook}, JS
 *       {@code TracingHook}, Python {@code TracingHook}) with {@code feature_flag.key} (early Java
 *       hooks: {@code feature_flag.flag_key}) and {@code feature_flag.variant}.
 * </ul>
 */
final class FlagEvents {
  static final String EVENT = "feature_flag.evaluation";
  static final String OLD_EVENT = "feature_flag";
  private static final List<String> KEYS = List.of("feature_flag.key", "feature_flag.flag_key");
  private static final List<String> VARIANTS =
      List.of("feature_flag.result.variant", "feature_flag.variant", "feature_flag.result.value");

  private FlagEvents() {}

  /**
   * The variant of each flag in {@code wanted} that {@code span} evaluated, by flag key; a flag
   * evaluated more than once in the span counts with its first evaluation. Values are cut to {@code
   * maxLength} characters.
   */
  static Map<String, String> of(Span span, Set<String> wanted, int maxLength) {
    Map<String, String> out = Map.of();
    for (Span.Event e : span.getEventsList()) {
      String name = e.getName();
      if (!EVENT.equals(name) && !OLD_EVENT.equals(name)) {
        continue;
      }
      List<KeyValue> attrs = e.getAttributesList();
      String key = first(attrs, KEYS);
      if (key == null || !wanted.contains(key)) {
        continue;
      }
      String variant = first(attrs, VARIANTS);
      if (variant == null) {
        continue;
      }
      if (out.isEmpty()) {
        out = new LinkedHashMap<>();
      }
      out.putIfAbsent(key, Attributes.truncate(variant, maxLength));
    }
    return out;
  }

  private static String first(List<KeyValue> attrs, List<String> names) {
    for (String n : names) {
      String v = Attributes.get(attrs, n);
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return null;
  }
}
