package io.tollgate.ingest.kafka;

import io.tollgate.ingest.otlp.AttributeMapping;
import io.tollgate.ingest.otlp.OtlpEncoding;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of one ingest consumer. Start from {@link #defaults} and change what differs:
 *
 * <pre>{@code
 * IngestConfig config = IngestConfig.defaults("kafka:9092", "tollgate-ingest")
 *     .withEncoding(OtlpEncoding.OTLP_JSON)
 *     .withSpanTopics("^otlp_spans_.*");
 * }</pre>
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param groupId consumer group shared by all replicas
 * @param spanTopics topics holding {@code ExportTraceServiceRequest}s
 * @param metricTopics topics holding {@code ExportMetricsServiceRequest}s
 * @param encoding how record values are encoded (default {@code otlp_proto})
 * @param deadLetterTopic where undecodable records go (default {@code otlp_dead_letter})
 * @param mapping which attributes name series and operations
 * @param maxSeriesPerService cardinality guard: distinct series-operation pairs per service
 *     (default 2000)
 * @param batchMaxRecords commit after this many records (default 20000)
 * @param batchMaxInterval or after this long (default 1 s)
 * @param retryBackoffMin first wait after a failed commit (default 200 ms), doubled up to
 * @param retryBackoffMax the longest wait (default 30 s)
 * @param clientProperties extra Kafka client properties (security, timeouts), applied last
 */
public record IngestConfig(
    String bootstrapServers,
    String groupId,
    Pattern spanTopics,
    Pattern metricTopics,
    OtlpEncoding encoding,
    String deadLetterTopic,
    AttributeMapping mapping,
    int maxSeriesPerService,
    int batchMaxRecords,
    Duration batchMaxInterval,
    Duration retryBackoffMin,
    Duration retryBackoffMax,
    Map<String, Object> clientProperties) {

  public static final String DEFAULT_SPAN_TOPIC = "otlp_spans";
  public static final String DEFAULT_METRIC_TOPIC = "otlp_metrics";
  public static final String DEFAULT_DEAD_LETTER_TOPIC = "otlp_dead_letter";

  public IngestConfig {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(spanTopics, "spanTopics");
    Objects.requireNonNull(metricTopics, "metricTopics");
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
    Objects.requireNonNull(mapping, "mapping");
    positive("maxSeriesPerService", maxSeriesPerService);
    positive("batchMaxRecords", batchMaxRecords);
    if (batchMaxInterval.isNegative() || batchMaxInterval.isZero()) {
      throw new IllegalArgumentException("batchMaxInterval must be positive");
    }
    if (retryBackoffMin.isNegative() || retryBackoffMax.compareTo(retryBackoffMin) < 0) {
      throw new IllegalArgumentException("need 0 <= retryBackoffMin <= retryBackoffMax");
    }
    clientProperties = Map.copyOf(clientProperties);
  }

  private static void positive(String name, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be positive: " + v);
    }
  }

  public static IngestConfig defaults(String bootstrapServers, String groupId) {
    return new IngestConfig(
        bootstrapServers,
        groupId,
        topics(DEFAULT_SPAN_TOPIC),
        topics(DEFAULT_METRIC_TOPIC),
        OtlpEncoding.OTLP_PROTO,
        DEFAULT_DEAD_LETTER_TOPIC,
        AttributeMapping.defaults(),
        2000,
        20_000,
        Duration.ofSeconds(1),
        Duration.ofMillis(200),
        Duration.ofSeconds(30),
        Map.of());
  }

  /**
   * A topic name, or a regular expression when it starts with {@code ^} (as the Collector's Kafka
   * receiver reads it).
   */
  public static Pattern topics(String nameOrRegex) {
    return nameOrRegex.startsWith("^")
        ? Pattern.compile(nameOrRegex)
        : Pattern.compile(Pattern.quote(nameOrRegex));
  }

  public IngestConfig withSpanTopics(String nameOrRegex) {
    return new IngestConfig(
        bootstrapServers,
        groupId,
        topics(nameOrRegex),
        metricTopics,
        encoding,
        deadLetterTopic,
        mapping,
        maxSeriesPerService,
        batchMaxRecords,
        batchMaxInterval,
        retryBackoffMin,
        retryBackoffMax,
        clientProperties);
  }

  public IngestConfig withMetricTopics(String nameOrRegex) {
    return new IngestConfig(
        bootstrapServers,
        groupId,
        spanTopics,
        topics(nameOrRegex),
        encoding,
        deadLetterTopic,
        mapping,
        maxSeriesPerService,
        batchMaxRecords,
        batchMaxInterval,
        retryBackoffMin,
        retryBackoffMax,
        clientProperties);
  }

  public IngestConfig withEncoding(OtlpEncoding e) {
    return new IngestConfig(
        bootstrapServers,
        groupId,
        spanTopics,
        metricTopics,
        e,
        deadLetterTopic,
        mapping,
        maxSeriesPerService,
        batchMaxRecords,
        batchMaxInterval,
        retryBackoffMin,
        retryBackoffMax,
        clientProperties);
  }

  public IngestConfig withDeadLetterTopic(String topic) {
    return new IngestConfig(
        bootstrapServers,
        groupId,
        spanTopics,
        metricTopics,
        encoding,
        topic,
        mapping,
        maxSeriesPerService,
        batchMaxRecords,
        batchMaxInterval,
        retryBackoffMin,
        retryBackoffMax,
        clientProperties);
  }

  public IngestConfig withMapping(AttributeMapping m) {
    return new IngestConfig(
        bootstrapServers,
        groupId,
        spanTopics,
        metricTopics,
        encoding,
        deadLetterTopic,
        m,
        maxSeriesPerService,
        batchMaxRecords,
        batchMaxInterval,
        retryBackoffMin,
        retryBackoffMax,
        clientProperties);
  }

  public IngestConfig withMaxSeriesPerService(int max) {
    return new IngestConfig(
        bootstrapServers,
        groupId,
        spanTopics,
        metricTopics,
        encoding,
        deadLetterTopic,
        mapping,
        max,
        batchMaxRecords,
        batchMaxInterval,
        retryBackoffMin,
        retryBackoffMax,
        clientProperties);
  }

  public IngestConfig withBatch(int maxRecords, Duration maxInterval) {
    return new IngestConfig(
        bootstrapServers,
        groupId,
        spanTopics,
        metricTopics,
        encoding,
        deadLetterTopic,
        mapping,
        maxSeriesPerService,
        maxRecords,
        maxInterval,
        retryBackoffMin,
        retryBackoffMax,
        clientProperties);
  }

  public IngestConfig withRetryBackoff(Duration min, Duration max) {
    return new IngestConfig(
        bootstrapServers,
        groupId,
        spanTopics,
        metricTopics,
        encoding,
        deadLetterTopic,
        mapping,
        maxSeriesPerService,
        batchMaxRecords,
        batchMaxInterval,
        min,
        max,
        clientProperties);
  }

  public IngestConfig withClientProperties(Map<String, Object> props) {
    return new IngestConfig(
        bootstrapServers,
        groupId,
        spanTopics,
        metricTopics,
        encoding,
        deadLetterTopic,
        mapping,
        maxSeriesPerService,
        batchMaxRecords,
        batchMaxInterval,
        retryBackoffMin,
        retryBackoffMax,
        props);
  }
}
