package io.tollgate.ingest.otlp;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.tollgate.telemetry.aggregate.EnvironmentFacts;
import io.tollgate.telemetry.aggregate.FactKey;
import io.tollgate.telemetry.aggregate.PartitionBatch;
import io.tollgate.telemetry.aggregate.SeriesKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what a resource's spans say about the running system, for environment parity: the
 * resource's service version, runtime, OpenTelemetry SDK, OS and container image; the dependencies
 * its client and producer spans call; the feature-flag variants its spans evaluated. Only resources
 * with a deployment environment have facts.
 *
 * <p>Fact names are the attribute names for resource facts, {@code dependency.service/NAME} ({@code
 * service.peer.name}, else the older {@code peer.service}), {@code dependency.address/HOST} ({@code
 * server.address} when no peer name is given), {@code dependency.db/SYSTEM} ({@code
 * db.system.name}, else the older {@code db.system}), {@code dependency.messaging/SYSTEM} ({@code
 * messaging.system}) and {@code feature_flag/KEY} with the variant as value ({@code
 * feature_flag.result.variant}, else the older {@code feature_flag.variant}, else {@code
 * feature_flag.result.value}).
 */
final class FactCollector {
  /** Resource attributes kept as facts under their own names. */
  static final List<String> RESOURCE_KEYS =
      List.of(
          "process.runtime.name",
          "process.runtime.version",
          "process.runtime.description",
          "telemetry.sdk.name",
          "telemetry.sdk.language",
          "telemetry.sdk.version",
          "os.type",
          "os.description",
          "os.version",
          "container.image.name");

  static final String IMAGE_TAG = "container.image.tag";
  static final String SERVICE_DEPENDENCY = "dependency.service/";
  static final String ADDRESS_DEPENDENCY = "dependency.address/";
  static final String DB_DEPENDENCY = "dependency.db/";
  static final String MESSAGING_DEPENDENCY = "dependency.messaging/";
  static final String FEATURE_FLAG = "feature_flag/";

  private final int maxLength;

  FactCollector(int maxLength) {
    this.maxLength = maxLength;
  }

  /** Adds the facts of one resource's spans to the batch. */
  void collect(ResourceSpans rs, SeriesKey series, PartitionBatch batch) {
    if (series.environment().isEmpty()) {
      return;
    }
    EnvironmentFacts facts = batch.facts();
    Map<Dependency, FactKey> keys = new HashMap<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (ScopeSpans ss : rs.getScopeSpansList()) {
      for (Span span : ss.getSpansList()) {
        long t = span.getStartTimeUnixNano();
        first = Math.min(first, t);
        last = Math.max(last, t);
        Span.SpanKind kind = span.getKind();
        if (kind == Span.SpanKind.SPAN_KIND_CLIENT || kind == Span.SpanKind.SPAN_KIND_PRODUCER) {
          dependencies(series, span, facts, keys);
        }
        for (Span.Event e : span.getEventsList()) {
          FactKey flag = flag(series, e);
          if (flag != null) {
            facts.saw(flag, t);
          }
        }
      }
    }
    if (first > last) {
      return;
    }
    for (FactKey f : resourceFacts(series, rs.getResource().getAttributesList())) {
      facts.saw(f, first);
      facts.saw(f, last);
    }
  }

  private List<FactKey> resourceFacts(SeriesKey series, List<KeyValue> resource) {
    List<FactKey> out = new ArrayList<>(RESOURCE_KEYS.size() + 2);
    if (!series.version().isEmpty()) {
      out.add(key(series, FactKey.SERVICE_VERSION, series.version()));
    }
    for (String k : RESOURCE_KEYS) {
      String v = Attributes.get(resource, k);
      if (v != null && !v.isBlank()) {
        out.add(key(series, k, v));
      }
    }
    String tags = imageTags(resource);
    if (tags != null && !tags.isBlank()) {
      out.add(key(series, IMAGE_TAG, tags));
    }
    return out;
  }

  /** {@code container.image.tags} (a string array) joined by commas, else the older tag. */
  private static String imageTags(List<KeyValue> resource) {
    for (KeyValue kv : resource) {
      if (kv.getKey().equals("container.image.tags") && kv.getValue().hasArrayValue()) {
        List<String> tags = new ArrayList<>();
        for (AnyValue v : kv.getValue().getArrayValue().getValuesList()) {
          tags.add(Attributes.text(v));
        }
        return String.join(",", tags);
      }
    }
    String tags = Attributes.get(resource, "container.image.tags");
    return tags != null ? tags : Attributes.get(resource, IMAGE_TAG);
  }

  /**
   * Records the dependencies a client or producer span names, reading its attributes once: the peer
   * (name, else address) and the database or messaging system. Keys are built once per value and
   * resource ({@code keys}), not per span.
   */
  private void dependencies(
      SeriesKey series, Span span, EnvironmentFacts facts, Map<Dependency, FactKey> keys) {
    String peerName = null;
    String peerService = null;
    String address = null;
    String db = null;
    String dbOld = null;
    String messaging = null;
    List<KeyValue> attributes = span.getAttributesList();
    for (int i = 0, n = attributes.size(); i < n; i++) {
      KeyValue kv = attributes.get(i);
      switch (kv.getKey()) {
        case "service.peer.name" -> peerName = nonBlank(kv);
        case "peer.service" -> peerService = nonBlank(kv);
        case "server.address" -> address = nonBlank(kv);
        case "db.system.name" -> db = nonBlank(kv);
        case "db.system" -> dbOld = nonBlank(kv);
        case "messaging.system" -> messaging = nonBlank(kv);
        default -> {
          // not a dependency attribute
        }
      }
    }
    long t = span.getStartTimeUnixNano();
    String peer = peerName != null ? peerName : peerService;
    if (peer != null) {
      facts.saw(dependency(series, SERVICE_DEPENDENCY, peer, keys), t);
    } else if (address != null) {
      facts.saw(dependency(series, ADDRESS_DEPENDENCY, address, keys), t);
    }
    String system = db != null ? db : dbOld;
    if (system != null) {
      facts.saw(dependency(series, DB_DEPENDENCY, system, keys), t);
    }
    if (messaging != null) {
      facts.saw(dependency(series, MESSAGING_DEPENDENCY, messaging, keys), t);
    }
  }

  private FactKey dependency(
      SeriesKey series, String prefix, String name, Map<Dependency, FactKey> keys) {
    return keys.computeIfAbsent(
        new Dependency(prefix, name), d -> key(series, d.prefix() + d.name(), ""));
  }

  /** A dependency as read from a span, before its fact name is built. */
  private record Dependency(String prefix, String name) {}

  private static String nonBlank(KeyValue kv) {
    String v = Attributes.text(kv.getValue());
    return v.isBlank() ? null : v;
  }

  private FactKey flag(SeriesKey series, Span.Event e) {
    if (!e.getName().equals("feature_flag.evaluation") && !e.getName().equals("feature_flag")) {
      return null;
    }
    List<KeyValue> a = e.getAttributesList();
    String flagKey = first(a, "feature_flag.key");
    String variant =
        first(
            a, "feature_flag.result.variant", "feature_flag.variant", "feature_flag.result.value");
    if (flagKey == null || variant == null) {
      return null;
    }
    return key(series, FEATURE_FLAG + flagKey, variant);
  }

  /** The first present, non-blank value among {@code keys}. */
  private static String first(List<KeyValue> attributes, String... keys) {
    for (String k : keys) {
      String v = Attributes.get(attributes, k);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }

  private FactKey key(SeriesKey series, String fact, String value) {
    return new FactKey(
        series.service(),
        series.environment(),
        Attributes.truncate(fact, maxLength),
        Attributes.truncate(value, maxLength));
  }
}
