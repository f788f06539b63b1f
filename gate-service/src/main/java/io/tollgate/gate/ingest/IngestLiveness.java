package io.tollgate.gate.ingest;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * Liveness fails only if the ingestor itself has ended (its consumers are restarted after errors,
 * so this means it can no longer consume): Kubernetes then restarts the process. Reads no database.
 */
@Singleton
@Liveness
@Requires(beans = IngestRunner.class)
final class IngestLiveness implements HealthIndicator {
  private final IngestRunner runner;

  IngestLiveness(IngestRunner runner) {
    this.runner = runner;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    return Publishers.just(
        HealthResult.builder("ingest", runner.running() ? HealthStatus.UP : HealthStatus.DOWN)
            .build());
  }
}
