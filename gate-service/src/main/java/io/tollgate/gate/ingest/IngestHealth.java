package io.tollgate.gate.ingest;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Readiness includes the ingest consumer where it runs: between an unexpected error and the
 * consumer's restart, the replica is not ready.
 */
@Singleton
@Readiness
@Requires(beans = IngestRunner.class)
final class IngestHealth implements HealthIndicator {
  private final IngestRunner runner;

  IngestHealth(IngestRunner runner) {
    this.runner = runner;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    boolean up = runner.running() && runner.consuming();
    Throwable failure = runner.failure();
    return Publishers.just(
        HealthResult.builder("ingest", up ? HealthStatus.UP : HealthStatus.DOWN)
            .details(
                Map.of(
                    "consuming",
                    up,
                    "restarts",
                    runner.restarts(),
                    "lastFailure",
                    failure == null ? "" : failure.getClass().getSimpleName()))
            .build());
  }
}
