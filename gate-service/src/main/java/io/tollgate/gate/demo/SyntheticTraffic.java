package io.tollgate.gate.demo;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * Synthetic OTLP traces as an instrumented HTTP service would send them through the Collector:
 * server spans with semantic-convention attributes, log-normal latencies, and failing requests with
 * error status, HTTP 500 and an {@code exception} event. Used by the demo and by specs that need
 * realistic traffic through Kafka.
 */
public final class SyntheticTraffic {

  /**
   * One deployment's behaviour.
   *
   * @param track the value of the {@code tollgate.track} resource attribute (canary, baseline)
   * @param errorRate the probability a request fails
   * @param medianMs median latency; latencies are log-normal with {@code sigma}
   */
  public record Profile(
      String service,
      String version,
      String environment,
      String track,
      double errorRate,
      double medianMs,
      double sigma,
      String exceptionType,
      String exceptionMessage) {

    public static Profile healthy(String service, String version, String track) {
      return new Profile(
          service,
          version,
          "production",
          track,
          0.005,
          40,
          0.5,
          "java.net.SocketTimeoutException",
          "Read timed out after 2000 ms");
    }

    public Profile withErrors(double rate, String type, String message) {
      return new Profile(
          service, version, environment, track, rate, medianMs, sigma, type, message);
    }

    public Profile withLatency(double median) {
      return new Profile(
          service,
          version,
          environment,
          track,
          errorRate,
          median,
          sigma,
          exceptionType,
          exceptionMessage);
    }
  }

  private final Random random;
  private long seq;

  public SyntheticTraffic(long seed) {
    this.random = new Random(seed);
    this.seq = seed << 20;
  }

  /** {@code spans} requests to {@code route} of one deployment, ending around {@code at}. */
  public ExportTraceServiceRequest batch(
      Profile p, String method, String route, int spans, Instant at) {
    ScopeSpans.Builder scope =
        ScopeSpans.newBuilder()
            .setScope(
                InstrumentationScope.newBuilder()
                    .setName("io.opentelemetry.netty-4.1")
                    .setVersion("2.10.0-alpha"));
    long endNanos = at.getEpochSecond() * 1_000_000_000L + at.getNano();
    for (int i = 0; i < spans; i++) {
      boolean failed = random.nextDouble() < p.errorRate();
      double ms = p.medianMs() * Math.exp(p.sigma() * random.nextGaussian());
      long start = endNanos - Math.round(ms * 1_000_000) - random.nextInt(1_000_000_000);
      scope.addSpans(span(method, route, start, ms, failed, p));
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().setResource(resource(p)).addScopeSpans(scope))
        .build();
  }

  private Span span(
      String method, String route, long startNanos, double ms, boolean failed, Profile p) {
    long n = ++seq;
    Span.Builder s =
        Span.newBuilder()
            .setTraceId(id(random.nextLong() | 1, n, 16))
            .setSpanId(id(0, n, 8))
            .setName(method + " " + route)
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(startNanos)
            .setEndTimeUnixNano(startNanos + Math.round(ms * 1_000_000))
            .addAttributes(attr("http.request.method", method))
            .addAttributes(attr("http.route", route))
            .addAttributes(attr("url.scheme", "http"))
            .addAttributes(attr("http.response.status_code", failed ? 500 : 200));
    if (failed) {
      s.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
      s.addEvents(
          Span.Event.newBuilder()
              .setName("exception")
              .setTimeUnixNano(startNanos + Math.round(ms * 1_000_000))
              .addAttributes(attr("exception.type", p.exceptionType()))
              .addAttributes(attr("exception.message", p.exceptionMessage()))
              .addAttributes(attr("exception.escaped", "true")));
    }
    return s.build();
  }

  private static Resource resource(Profile p) {
    return Resource.newBuilder()
        .addAllAttributes(
            List.of(
                attr("service.name", p.service()),
                attr("service.version", p.version()),
                attr("deployment.environment.name", p.environment()),
                attr("tollgate.track", p.track()),
                attr("k8s.pod.name", p.service() + "-" + p.track() + "-6b7c9d-x2x9q"),
                attr("telemetry.sdk.language", "java")))
        .build();
  }

  private static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static KeyValue attr(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  private static ByteString id(long high, long low, int bytes) {
    ByteBuffer b = ByteBuffer.allocate(16).putLong(high).putLong(low);
    return ByteString.copyFrom(b.array(), 16 - bytes, bytes);
  }
}
