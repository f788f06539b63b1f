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

/** Readiness includes the ingest consumer where it runs: a consumer that died is not ready. */
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
    boolean up = runner.running();
    Throwable failure = runner.failure();
    return Publishers.just(
        HealthResult.builder("ingest", up ? HealthStatus.UP : HealthStatus.DOWN)
            .details(
                Map.of(
                    "running",
                    up,
                    "failure",
                    failure == null ? "" : failure.getClass().getSimpleName()))
            .build());
  }
}
