package io.tollgate.gate.events;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code tollgate.events.*}: how decisions and overrides are published as CloudEvents. Nothing is
 * published (and nothing written to the outbox) until a Kafka topic or a webhook is configured.
 *
 * @param publicUrl the URL users reach Tollgate at; the events' links to the decision page and the
 *     API start with it (relative links when unset)
 * @param source the CloudEvents {@code source} attribute
 * @param pollInterval how often the dispatcher looks for due deliveries
 * @param batchSize deliveries claimed per round
 * @param workers deliveries sent at once on this replica
 * @param maxAttempts attempts per delivery before it is marked FAILED
 * @param initialBackoff the wait after the first failed attempt; it doubles after each one
 * @param maxBackoff the longest wait between attempts
 * @param lease how long a claimed delivery is this replica's; a replica that dies mid-delivery
 *     leaves it to another after this (so a delivery may arrive twice: receivers drop by {@code
 *     id})
 * @param queryTimeout the JDBC query timeout of the outbox statements
 * @param keep how long events and their delivery log are kept once no delivery is pending
 */
@ConfigurationProperties("tollgate.events")
public record EventsProperties(
    @Nullable String publicUrl,
    @Bindable(defaultValue = "/tollgate") String source,
    @Bindable(defaultValue = "1s") Duration pollInterval,
    @Bindable(defaultValue = "50") int batchSize,
    @Bindable(defaultValue = "4") int workers,
    @Bindable(defaultValue = "8") int maxAttempts,
    @Bindable(defaultValue = "1s") Duration initialBackoff,
    @Bindable(defaultValue = "5m") Duration maxBackoff,
    @Bindable(defaultValue = "2m") Duration lease,
    @Bindable(defaultValue = "10s") Duration queryTimeout,
    @Bindable(defaultValue = "30d") Duration keep) {

  public EventsProperties {
    between("batch-size", batchSize, 1, 1000);
    between("workers", workers, 1, 64);
    between("max-attempts", maxAttempts, 1, 100);
    positive("poll-interval", pollInterval);
    positive("initial-backoff", initialBackoff);
    positive("max-backoff", maxBackoff);
    positive("lease", lease);
    positive("query-timeout", queryTimeout);
    positive("keep", keep);
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException("tollgate.events.source must not be empty");
    }
    if (publicUrl != null && publicUrl.isBlank()) {
      publicUrl = null;
    }
  }

  static void between(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "tollgate.events." + name + " must be between " + min + " and " + max + ": " + value);
    }
  }

  static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("tollgate.events." + name + " must be positive: " + d);
    }
  }
}
