package io.tollgate.ingest.otlp;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which attributes name a series, and which spans are requests.
 *
 * @param serviceKey resource attribute of the service name
 * @param versionKey resource attribute of the service version
 * @param environmentKeys resource attributes of the environment, first present wins
 * @param trackKey attribute telling canary from baseline; looked up on the resource, then the span
 *     (e.g. {@code tollgate.track}, or a pod label such as {@code k8s.pod.label.track})
 * @param requestKinds span kinds counted as requests
 * @param maxValueLength longer attribute values are truncated to this many characters (at most 512,
 *     the width of the table columns)
 * @param flags the feature flags whose variants are kept as a series dimension
 * @param testTraffic attributes that mark test traffic, stored apart from production's
 */
public record AttributeMapping(
    String serviceKey,
    String versionKey,
    List<String> environmentKeys,
    String trackKey,
    Set<SpanKind> requestKinds,
    int maxValueLength,
    FlagMapping flags,
    TestTrafficKeys testTraffic) {

  /** The widest value the aggregate tables hold. */
  public static final int MAX_VALUE_LENGTH = 512;

  public AttributeMapping {
    Objects.requireNonNull(serviceKey, "serviceKey");
    Objects.requireNonNull(versionKey, "versionKey");
    environmentKeys = List.copyOf(environmentKeys);
    Objects.requireNonNull(trackKey, "trackKey");
    requestKinds = Set.copyOf(requestKinds);
    Objects.requireNonNull(testTraffic, "testTraffic");
    if (maxValueLength < 16 || maxValueLength > MAX_VALUE_LENGTH) {
      throw new IllegalArgumentException(
          "maxValueLength must be within 16.." + MAX_VALUE_LENGTH + ": " + maxValueLength);
    }
    Objects.requireNonNull(flags, "flags");
  }

  /** A mapping that keeps no feature-flag variants and marks test traffic by the defaults. */
  public AttributeMapping(
      String serviceKey,
      String versionKey,
      List<String> environmentKeys,
      String trackKey,
      Set<SpanKind> requestKinds,
      int maxValueLength) {
    this(
        serviceKey,
        versionKey,
        environmentKeys,
        trackKey,
        requestKinds,
        maxValueLength,
        FlagMapping.none(),
        TestTrafficKeys.defaults());
  }

  /**
   * {@code service.name}, {@code service.version}, {@code deployment.environment.name} (else the
   * older {@code deployment.environment}), track {@code tollgate.track}; server and consumer spans
   * are requests; values up to 256 characters; test traffic by {@link TestTrafficKeys#defaults}.
   */
  public static AttributeMapping defaults() {
    return new AttributeMapping(
        "service.name",
        "service.version",
        List.of("deployment.environment.name", "deployment.environment"),
        "tollgate.track",
        Set.of(SpanKind.SPAN_KIND_SERVER, SpanKind.SPAN_KIND_CONSUMER),
        256,
        FlagMapping.none(),
        TestTrafficKeys.defaults());
  }

  public AttributeMapping withTrackKey(String key) {
    return new AttributeMapping(
        serviceKey,
        versionKey,
        environmentKeys,
        key,
        requestKinds,
        maxValueLength,
        flags,
        testTraffic);
  }

  public AttributeMapping withMaxValueLength(int length) {
    return new AttributeMapping(
        serviceKey,
        versionKey,
        environmentKeys,
        trackKey,
        requestKinds,
        length,
        flags,
        testTraffic);
  }

  public AttributeMapping withFlags(FlagMapping f) {
    return new AttributeMapping(
        serviceKey,
        versionKey,
        environmentKeys,
        trackKey,
        requestKinds,
        maxValueLength,
        f,
        testTraffic);
  }

  public AttributeMapping withTestTraffic(TestTrafficKeys keys) {
    return new AttributeMapping(
        serviceKey,
        versionKey,
        environmentKeys,
        trackKey,
        requestKinds,
        maxValueLength,
        flags,
        keys);
  }
}
