package io.tollgate.gate.ingest;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.naming.conventions.StringConvention;
import io.micronaut.jdbc.DataSourceResolver;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tollgate.ingest.kafka.IngestConfig;
import io.tollgate.ingest.kafka.OtlpIngestor;
import io.tollgate.ingest.otlp.AttributeMapping;
import io.tollgate.ingest.otlp.OtlpEncoding;
import io.tollgate.telemetry.store.AggregateStore;
import io.tollgate.telemetry.store.IngestSchema;
import jakarta.annotation.PreDestroy;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the OTLP Kafka consumer inside the service when {@code tollgate.ingest.enabled}, or in
 * single-node mode ({@link IngestEnabled}).
 */
@Context
@Requires(condition = IngestEnabled.class)
public final class IngestRunner {
  private static final Logger LOG = LoggerFactory.getLogger(IngestRunner.class);

  private final OtlpIngestor ingestor;

  IngestRunner(
      IngestProperties p,
      FlagProperties flags,
      TestTrafficProperties tests,
      @Nullable KafkaEndpoint kafka,
      DataSource dataSource,
      DataSourceResolver resolver,
      PrometheusRegistry registry) {
    if (kafka == null || kafka.bootstrapServers().isBlank()) {
      throw new IllegalStateException(
          "tollgate.ingest.enabled is true but tollgate.ingest.bootstrap-servers is not set"
              + " (TOLLGATE_INGEST_BOOTSTRAP_SERVERS)");
    }
    // the consumer commits its own transactions: give it the pool, not the transaction proxy
    DataSource pool = resolver.resolve(dataSource);
    IngestSchema.migrate(pool);
    if (kafka.singleNode()) {
      forgetOffsets(pool, p);
    }
    IngestConfig config =
        IngestConfig.defaults(kafka.bootstrapServers(), p.groupId())
            .withSpanTopics(p.spanTopics())
            .withMetricTopics(p.metricTopics())
            .withEncoding(OtlpEncoding.parse(p.encoding()))
            .withDeadLetterTopic(p.deadLetterTopic())
            .withMapping(
                AttributeMapping.defaults()
                    .withTrackKey(p.trackAttribute())
                    .withFlags(flags.mapping())
                    .withTestTraffic(tests.keys()))
            .withMaxSeriesPerService(p.maxSeriesPerService())
            .withBatch(20_000, p.batchInterval())
            .withClientProperties(kafka.clientProperties());
    this.ingestor = new OtlpIngestor(config, pool, registry);
    ingestor.start();
    LOG.info(
        "ingest consuming {} and {} from {} as group {}",
        p.spanTopics(),
        p.metricTopics(),
        kafka.bootstrapServers(),
        p.groupId());
  }

  /**
   * The single-node broker starts with empty topics, so offsets stored by an earlier run point past
   * their end: seeking there would skip the first records of this run.
   */
  private static void forgetOffsets(DataSource pool, IngestProperties p) {
    AggregateStore store = new AggregateStore(pool);
    try {
      store.forgetOffsets(p.spanTopics());
      store.forgetOffsets(p.metricTopics());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot reset the single-node ingest offsets", e);
    }
  }

  /**
   * Extra Kafka client properties under {@code tollgate.ingest.kafka}: from YAML as written ({@code
   * security.protocol}), from the environment as {@code TOLLGATE_INGEST_KAFKA_SECURITY_PROTOCOL}.
   * Property binding turns the dots of such keys into dashes; Kafka's names have dots and no
   * dashes, so dashes become dots again.
   */
  static Map<String, Object> kafkaProperties(Environment environment) {
    Map<String, Object> out = new TreeMap<>();
    environment
        .getProperties("tollgate.ingest.kafka", StringConvention.HYPHENATED)
        .forEach(
            (key, value) -> {
              if (value != null && !(value instanceof Map)) {
                out.put(key.replace('-', '.').toLowerCase(Locale.ROOT), value.toString());
              }
            });
    return out;
  }

  /** False only if the ingestor itself ended: then the process is not live. */
  public boolean running() {
    return ingestor.isRunning();
  }

  /** False between a consumer's error and its restart. */
  public boolean consuming() {
    return ingestor.isConsuming();
  }

  public int restarts() {
    return ingestor.restarts();
  }

  public Throwable failure() {
    return ingestor.failure();
  }

  @PreDestroy
  void stop() {
    ingestor.stop(Duration.ofSeconds(10));
  }
}
