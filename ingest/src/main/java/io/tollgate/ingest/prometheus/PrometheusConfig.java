package io.tollgate.ingest.prometheus;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Where and how to query Prometheus.
 *
 * @param baseUri e.g. {@code http://prometheus:9090} (a path prefix is kept)
 * @param timeout per attempt, default 10 s
 * @param maxRetries retries after a 5xx, a 429, a timeout or a refused connection, default 3
 * @param retryBackoff first wait between attempts, doubled each time, default 200 ms
 * @param maxRetryWait longest wait between attempts, also caps {@code Retry-After}, default 10 s
 * @param maxParallel queries in flight at once from this client, default 4
 * @param auth credentials, default none
 * @param tls TLS context for https, default the JVM's
 */
public record PrometheusConfig(
    URI baseUri,
    Duration timeout,
    int maxRetries,
    Duration retryBackoff,
    Duration maxRetryWait,
    int maxParallel,
    PrometheusAuth auth,
    SSLContext tls) {

  public PrometheusConfig {
    Objects.requireNonNull(baseUri, "baseUri");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(auth, "auth");
    if (maxRetries < 0 || maxParallel < 1) {
      throw new IllegalArgumentException("need maxRetries >= 0 and maxParallel >= 1");
    }
    if (tls == null) {
      tls = PrometheusTls.systemDefault();
    }
  }

  public static PrometheusConfig of(URI baseUri) {
    return new PrometheusConfig(
        baseUri,
        Duration.ofSeconds(10),
        3,
        Duration.ofMillis(200),
        Duration.ofSeconds(10),
        4,
        PrometheusAuth.NONE,
        null);
  }

  public PrometheusConfig withTimeout(Duration t) {
    return new PrometheusConfig(
        baseUri, t, maxRetries, retryBackoff, maxRetryWait, maxParallel, auth, tls);
  }

  public PrometheusConfig withRetries(int retries, Duration backoff, Duration maxWait) {
    return new PrometheusConfig(
        baseUri, timeout, retries, backoff, maxWait, maxParallel, auth, tls);
  }

  public PrometheusConfig withMaxParallel(int n) {
    return new PrometheusConfig(
        baseUri, timeout, maxRetries, retryBackoff, maxRetryWait, n, auth, tls);
  }

  public PrometheusConfig withAuth(PrometheusAuth a) {
    return new PrometheusConfig(
        baseUri, timeout, maxRetries, retryBackoff, maxRetryWait, maxParallel, a, tls);
  }

  public PrometheusConfig withTls(SSLContext context) {
    return new PrometheusConfig(
        baseUri, timeout, maxRetries, retryBackoff, maxRetryWait, maxParallel, auth, context);
  }
}
