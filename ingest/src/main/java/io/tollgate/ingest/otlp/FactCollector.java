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
 * service.peer.name}, else the older {@code peer.service}), {@code dependency.address/HOST} when no
 * peer name is given ({@code server.address}, else the older {@code net.peer.name}, else the host
 * of {@code url.full} or the older {@code http.url}, as {@link DependencyAddress} names it; not on
 * messaging spans, whose address is one broker), {@code dependency.db/SYSTEM} ({@code
 * db.system.name}, else the older {@code db.system}), {@code dependency.messaging/SYSTEM} ({@code
 * messaging.system}) and {@code feature_flag/KEY} with the variant as value ({@code
 * feature_flag.result.variant}, else the older {@code feature_flag.variant}, else {@code
 * feature_flag.result.value}).
 *
 * <p>Resource attributes that differ between instances of one set-up ({@code service.instance.id},
 * {@code host.name}, {@code host.id}, {@code process.pid}, {@code process.command_args}, {@code
 * container.id}, ...) are never facts: only {@link #RESOURCE_KEYS} are. Array values are joined by
 * commas.
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
          "telemetry.distro.name",
          "telemetry.distro.version",
          "telemetry.auto.version",
          "os.type",
          "os.description",
          "os.version",
          "host.arch",
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
      String v = value(resource, k);
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
    String tags = value(resource, "container.image.tags");
    return tags != null ? tags : value(resource, IMAGE_TAG);
  }

  /** The value of {@code key} as text, an array's elements joined by commas; null when absent. */
  private static String value(List<KeyValue> attributes, String key) {
    for (int i = 0, n = attributes.size(); i < n; i++) {
      KeyValue kv = attributes.get(i);
      if (kv.getKey().equals(key)) {
        return text(kv.getValue());
      }
    }
    return null;
  }

  private static String text(AnyValue v) {
    if (!v.hasArrayValue()) {
      return v.hasKvlistValue() ? null : Attributes.text(v);
    }
    List<String> values = new ArrayList<>();
    for (AnyValue e : v.getArrayValue().getValuesList()) {
      String t = text(e);
      if (t != null && !t.isBlank()) {
        values.add(t);
      }
    }
    return String.join(",", values);
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
    String netPeer = null;
    String url = null;
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
        case "net.peer.name" -> netPeer = nonBlank(kv);
        case "url.full", "http.url" -> url = url != null ? url : nonBlank(kv);
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
    } else if (messaging == null) {
      String host = address(address, netPeer, url);
      if (host != null) {
        facts.saw(dependency(series, ADDRESS_DEPENDENCY, host, keys), t);
      }
    }
    String system = db != null ? db : dbOld;
    if (system != null) {
      facts.saw(dependency(series, DB_DEPENDENCY, system, keys), t);
    }
    if (messaging != null) {
      facts.saw(dependency(series, MESSAGING_DEPENDENCY, messaging, keys), t);
    }
  }

  /** The dependency a span's peer address names: its server address, else older names, else URL. */
  private static String address(String address, String netPeer, String url) {
    if (address != null) {
      return DependencyAddress.of(address);
    }
    return netPeer != null ? DependencyAddress.of(netPeer) : DependencyAddress.fromUrl(url);
  }

  private FactKey dependency(
      SeriesKey series, String prefix, String name, Map<Dependency, FactKey> keys) {
    return keys.computeIfAbsent(
        new Dependency(prefix, name), d -> key(series, d.prefix() + d.name(), ""));
  }

  /** A dependency as read from a span, before its fact name is built. */
  private record Dependency(String prefix, String name) {}

  private static String nonBlank(KeyValue kv) {
    String v = text(kv.getValue());
    return v == null || v.isBlank() ? null : v;
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
      String v = value(attributes, k);
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
