package io.tollgate.telemetry.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which metric minutes to read: one metric of one service, optionally one version, environment and
 * track, data points whose attributes include every pair of {@code attributes} exactly (a key
 * {@code code} does not match {@code status_code}), minutes starting in {@code [from, to)}.
 *
 * <pre>{@code
 * MetricQuery q = MetricQuery.of("http.server.request.duration", "checkout", from, to)
 *     .withTrack("canary").withAttribute("http.route", "/pay");
 * }</pre>
 *
 * @param version null for every version
 * @param environment null for every environment
 * @param track null for every track
 * @param sketches false to leave histogram sketches unread (counters and gauges need none)
 */
public record MetricQuery(
    String name,
    String service,
    String version,
    String environment,
    String track,
    Map<String, String> attributes,
    Instant from,
    Instant to,
    boolean sketches) {
  public MetricQuery {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("empty window: " + from + " .. " + to);
    }
    attributes = java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
  }

  public static MetricQuery of(String name, String service, Instant from, Instant to) {
    return new MetricQuery(name, service, null, null, null, Map.of(), from, to, true);
  }

  public MetricQuery withVersion(String v) {
    return new MetricQuery(name, service, v, environment, track, attributes, from, to, sketches);
  }

  public MetricQuery withEnvironment(String e) {
    return new MetricQuery(name, service, version, e, track, attributes, from, to, sketches);
  }

  public MetricQuery withTrack(String t) {
    return new MetricQuery(name, service, version, environment, t, attributes, from, to, sketches);
  }

  public MetricQuery withAttribute(String key, String value) {
    Map<String, String> a = new TreeMap<>(attributes);
    a.put(key, value);
    return new MetricQuery(name, service, version, environment, track, a, from, to, sketches);
  }

  public MetricQuery withoutSketches() {
    return new MetricQuery(name, service, version, environment, track, attributes, from, to, false);
  }
}
