package io.tollgate.ingest.prometheus;

import io.tollgate.ingest.prometheus.PrometheusQueryException.Kind;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * A client for Prometheus's {@code /api/v1/query} and {@code /api/v1/query_range}.
 *
 * <pre>{@code
 * PrometheusClient prom = new PrometheusClient(PrometheusConfig.of(URI.create("http://prometheus:9090")));
 * String q = PromQlTemplate.render(
 *     "sum(rate(http_server_errors_total{service=\"{{service}}\"}[5m]))", Map.of("service", svc));
 * QueryResult r = prom.queryRange(q, start, end, Duration.ofMinutes(1));
 * if (r instanceof QueryResult.NoData none) { ... INCONCLUSIVE, because none.reason() ... }
 * }</pre>
 *
 * <p>Thread-safe; at most {@link PrometheusConfig#maxParallel} queries are in flight at once, the
 * rest wait. Retries 5xx, 429, timeouts and refused connections with exponential backoff, honouring
 * {@code Retry-After}.
 */
public final class PrometheusClient {
  private final PrometheusConfig config;
  private final HttpClient http;
  private final Semaphore inFlight;

  public PrometheusClient(PrometheusConfig config) {
    this.config = config;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(config.timeout())
            .sslContext(config.tls())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.inFlight = new Semaphore(config.maxParallel(), true);
  }

  /** An instant query evaluated at {@code time}. */
  public QueryResult query(String promql, Instant time) throws PrometheusQueryException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("query", promql);
    form.put("time", seconds(time));
    return call("/api/v1/query", promql, form);
  }

  /**
   * A range query over {@code [start, end]} at {@code step}; start and end are aligned down to
   * multiples of the step (see {@link #align}) so repeated queries hit the same evaluation points.
   */
  public QueryResult queryRange(String promql, Instant start, Instant end, Duration step)
      throws PrometheusQueryException {
    Instant[] window = align(start, end, step);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("query", promql);
    form.put("start", seconds(window[0]));
    form.put("end", seconds(window[1]));
    form.put("step", BigDecimal.valueOf(step.toMillis(), 3).toPlainString());
    return call("/api/v1/query_range", promql, form);
  }

  /** {@code [start, end]} moved down to multiples of {@code step} since the epoch. */
  public static Instant[] align(Instant start, Instant end, Duration step) {
    long s = step.toMillis();
    if (s <= 0) {
      throw new IllegalArgumentException("step must be at least 1 ms: " + step);
    }
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("end " + end + " is before start " + start);
    }
    long a = Math.floorDiv(start.toEpochMilli(), s) * s;
    long b = Math.max(a, Math.floorDiv(end.toEpochMilli(), s) * s);
    return new Instant[] {Instant.ofEpochMilli(a), Instant.ofEpochMilli(b)};
  }

  private QueryResult call(String path, String promql, Map<String, String> form)
      throws PrometheusQueryException {
    try {
      inFlight.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PrometheusQueryException(Kind.UNAVAILABLE, 0, "interrupted", e);
    }
    try {
      return withRetries(path, promql, form);
    } finally {
      inFlight.release();
    }
  }

  private QueryResult withRetries(String path, String promql, Map<String, String> form)
      throws PrometheusQueryException {
    HttpRequest request = request(path, form);
    PrometheusQueryException last = null;
    for (int attempt = 0; attempt <= config.maxRetries(); attempt++) {
      Duration wait = null;
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status == 200) {
          return ResponseParser.parse(promql, response.body());
        }
        String message = ResponseParser.error(status, response.body()) + " for query " + promql;
        if (status == 400) {
          throw new PrometheusQueryException(Kind.BAD_QUERY, status, message, null);
        }
        if (status == 422) {
          throw new PrometheusQueryException(Kind.CANNOT_EXECUTE, status, message, null);
        }
        if (status == 401 || status == 403) {
          throw new PrometheusQueryException(Kind.UNAUTHORIZED, status, message, null);
        }
        if (status != 429 && status < 500) {
          throw new PrometheusQueryException(Kind.PROTOCOL, status, message, null);
        }
        last = new PrometheusQueryException(Kind.UNAVAILABLE, status, message, null);
        wait = retryAfter(response).orElse(null);
      } catch (HttpTimeoutException e) {
        last =
            new PrometheusQueryException(
                Kind.TIMEOUT, 0, "no answer within " + config.timeout() + " from " + uri(path), e);
      } catch (IOException e) {
        last =
            new PrometheusQueryException(
                Kind.UNAVAILABLE, 0, "cannot reach " + uri(path) + ": " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PrometheusQueryException(Kind.UNAVAILABLE, 0, "interrupted", e);
      }
      if (attempt < config.maxRetries()) {
        pause(wait != null ? wait : backoff(attempt));
      }
    }
    throw last;
  }

  private HttpRequest request(String path, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .timeout(config.timeout())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    config.auth().header().ifPresent(h -> b.header("Authorization", h));
    return b.build();
  }

  private URI uri(String path) {
    String base = config.baseUri().toString();
    return URI.create(
        base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path);
  }

  private Duration backoff(int attempt) {
    long base = config.retryBackoff().toMillis() << Math.min(attempt, 20);
    long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    return Duration.ofMillis(Math.min(jittered, config.maxRetryWait().toMillis()));
  }

  /** {@code Retry-After} in seconds or as an HTTP date, capped by the longest wait. */
  private java.util.Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .map(
            v -> {
              Duration d;
              try {
                d = Duration.ofSeconds(Long.parseLong(v.trim()));
              } catch (NumberFormatException e) {
                try {
                  d =
                      Duration.between(
                          Instant.now(),
                          ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                              .toInstant());
                } catch (DateTimeParseException bad) {
                  return null;
                }
              }
              if (d.isNegative()) {
                d = Duration.ZERO;
              }
              return d.compareTo(config.maxRetryWait()) > 0 ? config.maxRetryWait() : d;
            });
  }

  private static void pause(Duration d) throws PrometheusQueryException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PrometheusQueryException(Kind.UNAVAILABLE, 0, "interrupted", e);
    }
  }

  private static String seconds(Instant t) {
    return BigDecimal.valueOf(t.toEpochMilli(), 3).toPlainString();
  }
}
