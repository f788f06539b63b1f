package io.tollgate.gate.observability;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.BasicHttpAttributes;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.prometheus.metrics.core.metrics.Histogram;
import jakarta.inject.Named;

/**
 * Records every request: a server span (W3C trace context propagated from the caller) and the
 * {@code tollgate_http_server_request_duration_seconds} histogram, labelled by route template so
 * ids in paths do not explode cardinality.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class ObservabilityFilter {
  private static final String SPAN = "tollgate.span";
  private static final String START = "tollgate.start";

  private static final TextMapGetter<HttpRequest<?>> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpRequest<?> carrier) {
          return carrier.getHeaders().names();
        }

        @Override
        public String get(@Nullable HttpRequest<?> carrier, String key) {
          return carrier == null ? null : carrier.getHeaders().get(key);
        }
      };

  private final Tracer tracer;
  private final OpenTelemetry openTelemetry;
  private final Histogram requests;

  ObservabilityFilter(
      Tracer tracer, OpenTelemetry openTelemetry, @Named("http") Histogram requests) {
    this.tracer = tracer;
    this.openTelemetry = openTelemetry;
    this.requests = requests;
  }

  @RequestFilter
  void start(HttpRequest<?> request) {
    request.setAttribute(START, System.nanoTime());
    Context parent =
        openTelemetry
            .getPropagators()
            .getTextMapPropagator()
            .extract(Context.root(), request, HEADERS);
    Span span =
        tracer
            .spanBuilder(request.getMethodName())
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute("http.request.method", request.getMethodName())
            .setAttribute("url.path", request.getPath())
            .startSpan();
    request.setAttribute(SPAN, span);
  }

  @ResponseFilter
  void end(HttpRequest<?> request, MutableHttpResponse<?> response) {
    String route = BasicHttpAttributes.getUriTemplate(request).orElse("unmatched");
    int status = response.code();
    long start = request.getAttribute(START, Long.class).orElse(System.nanoTime());
    requests
        .labelValues(request.getMethodName(), route, Integer.toString(status))
        .observe((System.nanoTime() - start) / 1e9);
    request
        .getAttribute(SPAN, Span.class)
        .ifPresent(
            span -> {
              span.updateName(request.getMethodName() + " " + route);
              span.setAttribute("http.route", route);
              span.setAttribute("http.response.status_code", (long) status);
              if (status >= 500) {
                span.setStatus(StatusCode.ERROR);
              }
              span.end();
            });
  }
}
