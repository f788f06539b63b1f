package io.tollgate.gate.otlp;

import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tollgate.gate.ingest.IngestProperties;
import io.tollgate.gate.ingest.KafkaEndpoint;
import io.tollgate.ingest.otlp.OtlpDecoder;
import io.tollgate.ingest.otlp.OtlpEncoding;
import io.tollgate.ingest.otlp.UndecodableRecordException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns OTLP/HTTP exports into Kafka records on the ingest topics: decode, drop invalid items
 * (partial success), re-encode in the ingest's encoding, split to Kafka's record size, send and
 * wait for the acknowledgement. The work runs on a small pool of its own with a bounded queue, so
 * the event loop never blocks and a flood is answered with 429 instead of piling up.
 */
@Singleton
@Requires(beans = KafkaEndpoint.class)
@Requires(property = "tollgate.otlp.enabled", notEquals = "false")
final class OtlpReceiver {
  private final OtlpProperties props;
  private final KafkaSink sink;
  private final TokenQuota quota;
  private final OtlpEncoding encoding;
  private final String spanTopic;
  private final String metricTopic;
  private final ThreadPoolExecutor workers;
  private final OtlpMetrics metrics;

  OtlpReceiver(
      OtlpProperties props,
      IngestProperties ingest,
      KafkaEndpoint kafka,
      Clock clock,
      PrometheusRegistry registry) {
    this.props = props;
    this.metrics = new OtlpMetrics(registry);
    this.encoding = OtlpEncoding.parse(ingest.encoding());
    this.spanTopic = topic(ingest.spanTopics(), "span-topics");
    this.metricTopic = topic(ingest.metricTopics(), "metric-topics");
    this.sink = new KafkaSink(kafka, props.sendTimeout(), props.maxRecordSize());
    this.quota = new TokenQuota(props.bytesPerTokenPerMinute(), clock);
    AtomicInteger n = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            props.workers(),
            props.workers(),
            1,
            TimeUnit.MINUTES,
            new ArrayBlockingQueue<>(Math.max(1, props.queue())),
            r -> {
              Thread t = new Thread(r, "tollgate-otlp-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
  }

  private static String topic(String nameOrRegex, String setting) {
    if (nameOrRegex.startsWith("^")) {
      throw new IllegalStateException(
          "the OTLP/HTTP receiver writes to tollgate.ingest."
              + setting
              + ", which is a pattern ("
              + nameOrRegex
              + "): set a topic name, or tollgate.otlp.enabled=false");
    }
    return nameOrRegex;
  }

  OtlpProperties properties() {
    return props;
  }

  void answered(boolean traces, int status) {
    metrics.answered(traces ? "traces" : "metrics", status);
  }

  /** What a request becomes: the response body, or the rejection. */
  CompletableFuture<Message> traces(
      byte[] body, OtlpContent content, @Nullable String contentEncoding, String token) {
    return submit(
        () -> {
          byte[] bytes = decoded(body, contentEncoding, token);
          Accepted<ExportTraceServiceRequest> ok =
              SpanValidation.check(parseTraces(bytes, content));
          List<ExportTraceServiceRequest> parts = Splitter.traces(ok.request(), budget());
          send(spanTopic, parts);
          metrics.written("traces", ok, parts.size());
          ExportTraceServiceResponse.Builder r = ExportTraceServiceResponse.newBuilder();
          if (ok.rejected() > 0) {
            r.setPartialSuccess(
                ExportTracePartialSuccess.newBuilder()
                    .setRejectedSpans(ok.rejected())
                    .setErrorMessage(ok.reason()));
          }
          return r.build();
        });
  }

  CompletableFuture<Message> metrics(
      byte[] body, OtlpContent content, @Nullable String contentEncoding, String token) {
    return submit(
        () -> {
          byte[] bytes = decoded(body, contentEncoding, token);
          Accepted<ExportMetricsServiceRequest> ok =
              PointValidation.check(parseMetrics(bytes, content));
          List<ExportMetricsServiceRequest> parts = Splitter.metrics(ok.request(), budget());
          send(metricTopic, parts);
          metrics.written("metrics", ok, parts.size());
          ExportMetricsServiceResponse.Builder r = ExportMetricsServiceResponse.newBuilder();
          if (ok.rejected() > 0) {
            r.setPartialSuccess(
                ExportMetricsPartialSuccess.newBuilder()
                    .setRejectedDataPoints(ok.rejected())
                    .setErrorMessage(ok.reason()));
          }
          return r.build();
        });
  }

  /** The response body in the request's encoding. */
  static byte[] encode(Message response, OtlpContent content) {
    if (content == OtlpContent.PROTOBUF) {
      return response.toByteArray();
    }
    try {
      return JsonFormat.printer()
          .omittingInsignificantWhitespace()
          .print(response)
          .getBytes(StandardCharsets.UTF_8);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  private interface Work {
    Message run() throws OtlpRejection, InterruptedException;
  }

  private CompletableFuture<Message> submit(Work work) {
    CompletableFuture<Message> result = new CompletableFuture<>();
    try {
      workers.execute(
          () -> {
            try {
              result.complete(work.run());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              result.completeExceptionally(
                  OtlpRejection.unavailable("the service is shutting down; retry later", e));
            } catch (Throwable e) {
              result.completeExceptionally(e);
            }
          });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(
          OtlpRejection.throttled(
              "more OTLP requests in progress than this replica takes ("
                  + (props.workers() + props.queue())
                  + "); retry later"));
    }
    return result;
  }

  private byte[] decoded(byte[] body, @Nullable String contentEncoding, String token)
      throws OtlpRejection {
    byte[] bytes =
        Bodies.decoded(body, contentEncoding, props.maxBodySize(), props.maxDecodedSize());
    quota.take(token, bytes.length);
    return bytes;
  }

  /** JSON is larger than protobuf for the same data (hex ids, names): leave it room. */
  private int budget() {
    return encoding == OtlpEncoding.OTLP_PROTO ? props.maxRecordSize() : props.maxRecordSize() / 3;
  }

  private void send(String topic, List<? extends Message> parts)
      throws OtlpRejection, InterruptedException {
    if (parts.isEmpty()) {
      return;
    }
    sink.send(topic, parts.stream().map(m -> CollectorEncoding.encode(m, encoding)).toList());
  }

  private static ExportTraceServiceRequest parseTraces(byte[] bytes, OtlpContent content)
      throws OtlpRejection {
    try {
      return OtlpDecoder.traces(bytes, wire(content));
    } catch (UndecodableRecordException e) {
      throw OtlpRejection.badData(
          "the body is not an ExportTraceServiceRequest in " + content.mediaType(), e);
    }
  }

  private static ExportMetricsServiceRequest parseMetrics(byte[] bytes, OtlpContent content)
      throws OtlpRejection {
    try {
      return OtlpDecoder.metrics(bytes, wire(content));
    } catch (UndecodableRecordException e) {
      throw OtlpRejection.badData(
          "the body is not an ExportMetricsServiceRequest in " + content.mediaType(), e);
    }
  }

  private static OtlpEncoding wire(OtlpContent content) {
    return content == OtlpContent.JSON ? OtlpEncoding.OTLP_JSON : OtlpEncoding.OTLP_PROTO;
  }

  @PreDestroy
  void close() {
    workers.shutdown();
    try {
      workers.awaitTermination(props.sendTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sink.close();
  }
}
