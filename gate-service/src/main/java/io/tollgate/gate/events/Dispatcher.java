package io.tollgate.gate.events;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.observability.EventMetrics;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox's due deliveries: every {@code poll-interval} it claims as many as it has free
 * workers for ({@link DeliveryStore#claim}), sends each on a bounded pool, and records the result:
 * delivered, retried after an exponential backoff, or FAILED once {@code max-attempts} are spent or
 * the destination refused it for good. Nothing here can change or hold up a decision: decisions
 * only write outbox rows. Runs only where a destination is configured and {@code
 * tollgate.events.dispatcher} is not false.
 */
@Context
@Requires(property = "tollgate.events.dispatcher", notEquals = "false")
final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final Duration PRUNE_EVERY = Duration.ofHours(1);
  private static final Duration COUNT_EVERY = Duration.ofSeconds(15);

  private final DeliveryStore store;
  private final Destinations destinations;
  private final EventBuilder builder;
  private final KafkaSender kafka;
  private final WebhookSender webhooks;
  private final EventMetrics metrics;
  private final EventsProperties properties;
  private final Clock clock;
  private final Backoff backoff;
  private final Semaphore free;
  private final ExecutorService pool;
  private final ScheduledExecutorService rounds;
  private final String node =
      ManagementFactory.getRuntimeMXBean().getName()
          + "/"
          + UUID.randomUUID().toString().substring(0, 8);
  private volatile Instant nextPrune = Instant.MIN;
  private volatile Instant nextCount = Instant.MIN;
  private volatile boolean stopping;

  Dispatcher(
      DeliveryStore store,
      Destinations destinations,
      EventBuilder builder,
      KafkaSender kafka,
      WebhookSender webhooks,
      EventMetrics metrics,
      EventsProperties properties,
      KafkaEventsProperties kafkaProperties,
      List<WebhookProperties> webhookProperties,
      Clock clock) {
    this.store = store;
    this.destinations = destinations;
    this.builder = builder;
    this.kafka = kafka;
    this.webhooks = webhooks;
    this.metrics = metrics;
    this.properties = properties;
    this.clock = clock;
    this.backoff = new Backoff(properties.initialBackoff(), properties.maxBackoff());
    // a claim must outlast the longest attempt, or another replica would send the row meanwhile
    Duration longest = kafkaProperties.timeout();
    for (WebhookProperties w : webhookProperties) {
      longest = w.timeout().compareTo(longest) > 0 ? w.timeout() : longest;
    }
    if (properties.lease().compareTo(longest.plusSeconds(5)) < 0) {
      throw new IllegalArgumentException(
          "tollgate.events.lease must exceed the longest send timeout by at least 5s: "
              + properties.lease()
              + " <= "
              + longest);
    }
    this.free = new Semaphore(properties.workers());
    this.pool = Executors.newFixedThreadPool(properties.workers(), daemon("tollgate-events"));
    this.rounds = Executors.newSingleThreadScheduledExecutor(daemon("tollgate-events-claim"));
    if (!destinations.none()) {
      long poll = Math.max(10, properties.pollInterval().toMillis());
      rounds.scheduleWithFixedDelay(this::round, poll, poll, TimeUnit.MILLISECONDS);
    }
  }

  /** One round: claims due deliveries for the free workers and hands them over. */
  void round() {
    try {
      Instant now = clock.instant();
      int available = Math.min(free.availablePermits(), properties.batchSize());
      if (available > 0 && !stopping) {
        List<Delivery> due = store.claim(now, available, node, now.plus(properties.lease()));
        for (Delivery d : due) {
          free.acquireUninterruptibly();
          try {
            pool.execute(
                () -> {
                  try {
                    deliver(d);
                  } finally {
                    free.release();
                  }
                });
          } catch (RejectedExecutionException e) {
            free.release(); // stopping: the claim expires and another replica sends it
          }
        }
      }
      if (!now.isBefore(nextCount)) {
        nextCount = now.plus(COUNT_EVERY);
        metrics.pending().set(store.pending());
      }
      if (!now.isBefore(nextPrune)) {
        nextPrune = now.plus(PRUNE_EVERY);
        int pruned = store.prune(now.minus(properties.keep()), 10_000);
        if (pruned > 0) {
          LOG.info("pruned {} events older than {} from the outbox", pruned, properties.keep());
        }
      }
    } catch (SQLException | RuntimeException e) {
      // never let an exception end the periodic schedule
      LOG.warn("the event dispatcher's round failed; retrying on the next", e);
    }
  }

  void deliver(Delivery d) {
    long start = System.nanoTime();
    Attempt attempt;
    Destination to = destinations.named(d.destination()).orElse(null);
    if (to == null) {
      attempt = new Attempt.Refused(null, "the destination is no longer configured");
    } else {
      attempt = attempt(to, d);
    }
    metrics.duration().labelValues(d.destination()).observe((System.nanoTime() - start) / 1e9);
    try {
      Instant now = clock.instant();
      String result;
      if (attempt instanceof Attempt.Delivered ok) {
        store.delivered(d, node, now, ok.status());
        result = "delivered";
      } else if (attempt instanceof Attempt.Retryable again
          && d.attempts() < properties.maxAttempts()) {
        store.retry(d, node, now.plus(backoff.after(d.attempts())), again.status(), again.error());
        result = "retry";
      } else {
        String error = error(attempt);
        if (attempt instanceof Attempt.Retryable) {
          error = "gave up after " + d.attempts() + " attempts: " + error;
        }
        store.failed(d, node, attempt.status(), error);
        result = "failed";
      }
      metrics.attempts().labelValues(d.destination(), result).inc();
      if (!"delivered".equals(result)) {
        LOG.info(
            "event {} to {}: attempt {} {}: {}",
            d.eventId(),
            d.destination(),
            d.attempts(),
            result,
            error(attempt));
      }
    } catch (SQLException | RuntimeException e) {
      LOG.warn("recording delivery {} failed; its claim expires and it is sent again", d.id(), e);
    }
  }

  private Attempt attempt(Destination to, Delivery d) {
    EventBuilder.Built event;
    try {
      event = builder.build(d);
    } catch (ProblemException e) {
      return new Attempt.Refused(null, "evaluation " + d.evaluationId() + " no longer exists");
    } catch (IOException | RuntimeException e) {
      LOG.warn("building event {} failed", d.eventId(), e);
      return new Attempt.Retryable(
          null, "the event could not be built: " + e.getClass().getSimpleName());
    }
    return to.webhook() == null ? kafka.send(to, event) : webhooks.send(to, event);
  }

  private static String error(Attempt a) {
    if (a instanceof Attempt.Retryable r) {
      return r.error();
    }
    return a instanceof Attempt.Refused r ? r.error() : "";
  }

  @PreDestroy
  void stop() throws InterruptedException {
    stopping = true;
    rounds.shutdownNow();
    pool.shutdown();
    if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
      pool.shutdownNow();
    }
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
