package io.tollgate.gate.otlp;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.convert.format.ReadableBytes;
import java.time.Duration;

/**
 * {@code tollgate.otlp.*}: the OTLP/HTTP receiver ({@code POST /v1/traces}, {@code /v1/metrics}),
 * which writes to the ingest topics on the Kafka that {@code tollgate.ingest.bootstrap-servers}
 * names (or the single-node broker).
 *
 * @param enabled serve the two routes (when a Kafka is known)
 * @param maxBodySize the largest request body as sent (compressed or not); larger is 413
 * @param maxDecodedSize the largest body after gzip; larger is 413
 * @param maxRecordSize a decoded export larger than this is split into several Kafka records by
 *     resource, scope and span (Kafka's default {@code max.request.size} is 1 MiB)
 * @param sendTimeout how long a request waits for Kafka to acknowledge its records before it
 *     answers 503
 * @param retryAfter the {@code Retry-After} given with 429 and 503
 * @param workers threads that decode and send (off the event loop)
 * @param queue requests waiting for a worker; beyond that the answer is 429
 * @param bytesPerTokenPerMinute decoded bytes one token may send per minute; beyond that 429
 */
@ConfigurationProperties("tollgate.otlp")
public record OtlpProperties(
    @Bindable(defaultValue = "true") boolean enabled,
    @Bindable(defaultValue = "8MB") @ReadableBytes int maxBodySize,
    @Bindable(defaultValue = "32MB") @ReadableBytes int maxDecodedSize,
    @Bindable(defaultValue = "900KB") @ReadableBytes int maxRecordSize,
    @Bindable(defaultValue = "5s") Duration sendTimeout,
    @Bindable(defaultValue = "5s") Duration retryAfter,
    @Bindable(defaultValue = "4") int workers,
    @Bindable(defaultValue = "32") int queue,
    @Bindable(defaultValue = "1GB") @ReadableBytes int bytesPerTokenPerMinute) {}
