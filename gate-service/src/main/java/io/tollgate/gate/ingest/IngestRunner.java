package io.tollgate.gate.ingest;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.jdbc.DataSourceResolver;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tollgate.ingest.kafka.IngestConfig;
import io.tollgate.ingest.kafka.OtlpIngestor;
import io.tollgate.ingest.otlp.AttributeMapping;
import io.tollgate.ingest.otlp.OtlpEncoding;
import io.tollgate.ingest.store.IngestSchema;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the OTLP Kafka consumer inside the service when {@code tollgate.ingest.enabled}. */
@Context
@Requires(property = "tollgate.ingest.enabled", value = "true")
public final class IngestRunner {
  private static final Logger LOG = LoggerFactory.getLogger(IngestRunner.class);

  private final OtlpIngestor ingestor;

  IngestRunner(
      IngestProperties p,
      DataSource dataSource,
      DataSourceResolver resolver,
      PrometheusRegistry registry) {
    if (p.bootstrapServers() == null || p.bootstrapServers().isBlank()) {
      throw new IllegalStateException(
          "tollgate.ingest.enabled is true but tollgate.ingest.bootstrap-servers is not set"
              + " (TOLLGATE_INGEST_BOOTSTRAP_SERVERS)");
    }
    // the consumer commits its own transactions: give it the pool, not the transaction proxy
    DataSource pool = resolver.resolve(dataSource);
    IngestSchema.migrate(pool);
    Map<String, Object> client = new HashMap<>();
    if (p.kafka() != null) {
      client.putAll(p.kafka());
    }
    IngestConfig config =
        IngestConfig.defaults(p.bootstrapServers(), p.groupId())
            .withSpanTopics(p.spanTopics())
            .withMetricTopics(p.metricTopics())
            .withEncoding(OtlpEncoding.parse(p.encoding()))
            .withDeadLetterTopic(p.deadLetterTopic())
            .withMapping(AttributeMapping.defaults().withTrackKey(p.trackAttribute()))
            .withMaxSeriesPerService(p.maxSeriesPerService())
            .withBatch(20_000, p.batchInterval())
            .withClientProperties(client);
    this.ingestor = new OtlpIngestor(config, pool, registry);
    ingestor.start();
    LOG.info(
        "ingest consuming {} and {} from {} as group {}",
        p.spanTopics(),
        p.metricTopics(),
        p.bootstrapServers(),
        p.groupId());
  }

  public boolean running() {
    return ingestor.isRunning();
  }

  public Throwable failure() {
    return ingestor.failure();
  }

  @PreDestroy
  void stop() {
    ingestor.stop(Duration.ofSeconds(10));
  }
}
