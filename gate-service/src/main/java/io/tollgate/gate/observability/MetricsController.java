package io.tollgate.gate.observability;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Prometheus scrape endpoint, in the text format or OpenMetrics as the scraper asks. */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
final class MetricsController {
  private final PrometheusRegistry registry;
  private final ExpositionFormats formats = ExpositionFormats.init();

  MetricsController(PrometheusRegistry registry) {
    this.registry = registry;
  }

  @Get("/metrics")
  @Produces({MediaType.TEXT_PLAIN, "application/openmetrics-text"})
  @ExecuteOn(TaskExecutors.BLOCKING)
  HttpResponse<byte[]> scrape(@Nullable @Header(HttpHeaders.ACCEPT) String accept)
      throws IOException {
    ExpositionFormatWriter writer = formats.findWriter(accept);
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    writer.write(out, registry.scrape());
    return HttpResponse.ok(out.toByteArray()).contentType(writer.getContentType());
  }
}
