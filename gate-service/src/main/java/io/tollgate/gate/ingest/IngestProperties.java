package io.tollgate.gate.ingest;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code tollgate.ingest.*}: the Kafka consumer of OTLP telemetry (off unless enabled).
 *
 * @param enabled run the consumer in this process
 * @param bootstrapServers Kafka bootstrap servers ({@code TOLLGATE_INGEST_BOOTSTRAP_SERVERS})
 * @param groupId consumer group shared by all ingest replicas
 * @param spanTopics topic name or regex of {@code ExportTraceServiceRequest}s
 * @param metricTopics topic name or regex of {@code ExportMetricsServiceRequest}s
 * @param encoding {@code otlp_proto} (the collector's default) or {@code otlp_json}
 * @param deadLetterTopic where undecodable records go
 * @param trackAttribute the resource or span attribute telling canary from baseline
 * @param maxSeriesPerService cardinality guard per service
 * @param batchInterval how often aggregates are committed with their offsets
 *     <p>Extra Kafka client properties (security.protocol, sasl.*, ssl.*) go under {@code
 *     tollgate.ingest.kafka.*}; see {@code IngestRunner#kafkaProperties}.
 */
@ConfigurationProperties("tollgate.ingest")
public record IngestProperties(
    @Bindable(defaultValue = "false") boolean enabled,
    @Nullable String bootstrapServers,
    @Bindable(defaultValue = "tollgate-ingest") String groupId,
    @Bindable(defaultValue = "otlp_spans") String spanTopics,
    @Bindable(defaultValue = "otlp_metrics") String metricTopics,
    @Bindable(defaultValue = "otlp_proto") String encoding,
    @Bindable(defaultValue = "otlp_dead_letter") String deadLetterTopic,
    @Bindable(defaultValue = "tollgate.track") String trackAttribute,
    @Bindable(defaultValue = "2000") int maxSeriesPerService,
    @Bindable(defaultValue = "1s") Duration batchInterval) {}
