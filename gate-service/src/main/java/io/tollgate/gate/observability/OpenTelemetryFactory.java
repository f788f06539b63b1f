package io.tollgate.gate.observability;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * The OpenTelemetry SDK, configured by the standard {@code OTEL_*} environment variables. Exporters
 * are off unless configured ({@code OTEL_TRACES_EXPORTER=otlp}), so a missing collector costs
 * nothing and logs nothing.
 */
@Factory
final class OpenTelemetryFactory {
  static final Map<String, String> DEFAULTS =
      Map.of(
          "otel.service.name", "tollgate",
          "otel.traces.exporter", "none",
          "otel.metrics.exporter", "none",
          "otel.logs.exporter", "none");

  @Singleton
  @Bean(preDestroy = "close")
  OpenTelemetrySdk openTelemetrySdk() {
    return AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> DEFAULTS)
        .build()
        .getOpenTelemetrySdk();
  }

  @Singleton
  Tracer tracer(OpenTelemetry openTelemetry) {
    return openTelemetry.getTracer("io.tollgate.gate");
  }
}
