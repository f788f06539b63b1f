package io.tollgate.gate.health;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.reactivestreams.Publisher;

/**
 * Readiness of the database, answered within {@code tollgate.health.database-timeout} (1 s) even
 * when the database hangs or is gone: the check runs {@code SELECT 1} on a thread of its own, at
 * most one at a time (a probe that arrives while one is stuck waits for that one, within its own
 * deadline), and a check without an answer in time is DOWN. Replaces Micronaut's JDBC indicator,
 * which waits as long as the pool's connection timeout.
 */
@Singleton
@Readiness
final class DatabaseReadiness implements HealthIndicator {
  private final DataSource dataSource;
  private final Duration timeout;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "tollgate-db-health");
            t.setDaemon(true);
            return t;
          });
  private CompletableFuture<Void> inFlight;

  DatabaseReadiness(
      DataSource dataSource,
      DataSourceResolver resolver,
      @Value("${tollgate.health.database-timeout:1s}") Duration timeout) {
    this.dataSource = resolver.resolve(dataSource);
    this.timeout = timeout;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    // never blocks the caller (an event loop): the answer is a future with a deadline
    CompletableFuture<HealthResult> result =
        check()
            .thenApply(v -> HealthResult.builder("jdbc", HealthStatus.UP).build())
            .exceptionally(
                e ->
                    down(
                        (e instanceof CompletionException && e.getCause() != null
                                ? e.getCause()
                                : e)
                            .getClass()
                            .getSimpleName()))
            .completeOnTimeout(
                down("no answer within " + timeout.toMillis() + " ms"),
                timeout.toMillis(),
                TimeUnit.MILLISECONDS);
    return Publishers.fromCompletableFuture(() -> result);
  }

  private static HealthResult down(String why) {
    return HealthResult.builder("jdbc", HealthStatus.DOWN).details(Map.of("error", why)).build();
  }

  private synchronized CompletableFuture<Void> check() {
    if (inFlight == null || inFlight.isDone()) {
      inFlight = CompletableFuture.runAsync(this::selectOne, executor);
    }
    return inFlight;
  }

  private void selectOne() {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      st.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
      st.execute("SELECT 1");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @PreDestroy
  void close() {
    executor.shutdownNow();
  }
}
