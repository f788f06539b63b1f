package io.tollgate.gate.scenarios;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Links a trace to the trace UI through {@code tollgate.ui.trace-url-template}, e.g. Jaeger's
 * {@code http://jaeger:16686/trace/{traceId}} or Tempo in Grafana's explore URL; {@code {traceId}}
 * and {@code {spanId}} are replaced. Without a template, traces are shown by id only.
 */
@Singleton
public final class TraceLinks {
  private final String template;

  TraceLinks(@Value("${tollgate.ui.trace-url-template:}") String template) {
    this.template = template == null ? "" : template.trim();
  }

  @Nullable
  public String url(String traceId, String spanId) {
    if (template.isEmpty() || !traceId.matches("[0-9a-fA-F]{1,64}")) {
      return null;
    }
    return template
        .replace("{traceId}", traceId)
        .replace("{spanId}", URLEncoder.encode(spanId, StandardCharsets.UTF_8));
  }

  /** A stored {@code traceId:spanId} exemplar with its link. */
  public Scenario.Exemplar exemplar(String traceAndSpan) {
    String[] p = traceAndSpan.split(":", 2);
    String span = p.length > 1 ? p[1] : "";
    return new Scenario.Exemplar(p[0], span, url(p[0], span));
  }
}
