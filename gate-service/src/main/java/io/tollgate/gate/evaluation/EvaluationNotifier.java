package io.tollgate.gate.evaluation;

import io.micronaut.context.annotation.Value;
import io.micronaut.jdbc.DataSourceResolver;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces that an evaluation changed, to the waiters of every replica. On PostgreSQL through
 * {@code NOTIFY tollgate_evaluation, '<id>'} and one {@code LISTEN}ing connection per replica;
 * elsewhere (the embedded H2 default, one process) in process only. After the listening connection
 * was lost, every waiter re-reads once, so no announcement is lost for good.
 */
@Singleton
final class EvaluationNotifier {
  static final String CHANNEL = "tollgate_evaluation";
  private static final Logger LOG = LoggerFactory.getLogger(EvaluationNotifier.class);

  private final DataSource pool;
  private final DecisionWaits waits;
  private final LongFunction<EvaluationRow> read;
  private final boolean postgres;
  private final Thread listener;
  private volatile boolean stopping;
  private volatile LongConsumer onRemoteChange = id -> {};

  EvaluationNotifier(
      DataSource dataSource,
      DataSourceResolver resolver,
      DecisionWaits waits,
      EvaluationRepository rows,
      @Value("${datasources.default.url:}") String url) {
    this.pool = resolver.resolve(dataSource);
    this.waits = waits;
    this.read =
        id ->
            rows.findById(id)
                .orElseThrow(() -> new IllegalStateException("evaluation " + id + " is gone"));
    this.postgres = url.startsWith("jdbc:postgresql:");
    this.listener = new Thread(this::listen, "tollgate-listen");
    listener.setDaemon(true);
    if (postgres) {
      listener.start();
    }
  }

  /** Wakes this replica's waiters of {@code id}, and the other replicas' on PostgreSQL. */
  void publish(long id) {
    waits.changed(id, read);
    if (!postgres) {
      return;
    }
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
      s.setQueryTimeout(5);
      s.setString(1, CHANNEL);
      s.setString(2, Long.toString(id));
      s.execute();
    } catch (SQLException e) {
      LOG.warn("announcing a change of evaluation {} failed; other replicas' waiters time out", id);
    }
  }

  /** Called for every change announced by any replica (-1: possibly missed some; forget all). */
  void onRemoteChange(LongConsumer listener) {
    this.onRemoteChange = listener;
  }

  LongFunction<EvaluationRow> reader() {
    return read;
  }

  private void listen() {
    while (!stopping) {
      try (Connection c = pool.getConnection()) {
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + CHANNEL);
        }
        Class<?> pgConnection = Class.forName("org.postgresql.PGConnection");
        Object pg = c.unwrap(pgConnection);
        Method poll = pgConnection.getMethod("getNotifications", int.class);
        Method parameterOf =
            Class.forName("org.postgresql.PGNotification").getMethod("getParameter");
        onRemoteChange.accept(-1);
        waits.changedAll(read); // anything announced while not listening
        while (!stopping) {
          Object[] got = (Object[]) poll.invoke(pg, 1_000);
          if (got == null) {
            continue;
          }
          for (Object n : got) {
            String parameter = (String) parameterOf.invoke(n);
            try {
              long id = Long.parseLong(parameter);
              onRemoteChange.accept(id);
              waits.changed(id, read);
            } catch (NumberFormatException ignored) {
              // not ours
            }
          }
        }
      } catch (ReflectiveOperationException | SQLException | RuntimeException e) {
        if (!stopping) {
          LOG.warn(
              "listening for evaluation changes failed; reconnecting in 1 s: {}", e.toString());
          pause();
        }
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @PreDestroy
  void stop() {
    stopping = true;
    listener.interrupt();
  }
}
