package io.tollgate.gate.events;

import io.micronaut.json.JsonMapper;
import io.tollgate.gate.evaluation.DecisionEvents;
import io.tollgate.gate.evaluation.OverrideRow;
import io.tollgate.rules.model.Outcome;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Writes an event and its deliveries, one per destination that takes it, in the transaction that
 * records the decision or the override: a decision is never recorded without its events, and
 * publishing (which may fail or hang) happens afterwards, from these rows ({@link Dispatcher}).
 * With no destination configured it writes nothing.
 */
@Singleton
final class Outbox implements DecisionEvents {
  private final Destinations destinations;
  private final JsonMapper json;
  private final int timeoutSeconds;

  Outbox(Destinations destinations, JsonMapper json, EventsProperties properties) {
    this.destinations = destinations;
    this.json = json;
    this.timeoutSeconds = (int) Math.max(1, properties.queryTimeout().toSeconds());
  }

  @Override
  public void decided(Connection c, long evaluationId, Outcome outcome, Instant at)
      throws SQLException {
    write(c, EventType.DECISION, evaluationId, outcome, outcome.name(), null, at);
  }

  @Override
  public void overridden(Connection c, OverrideRow row) throws SQLException {
    String detail;
    try {
      detail = json.writeValueAsString(EventData.OverrideView.of(row));
    } catch (IOException e) {
      throw new SQLException("the override event could not be written", e);
    }
    // a clearing takes the destinations that take overrides; any outcome will do for the filter
    Outcome filter = row.outcome() == null ? Outcome.PASS : row.outcome();
    String outcome = row.outcome() == null ? "CLEARED" : row.outcome().name();
    write(c, EventType.OVERRIDE, row.evaluationId(), filter, outcome, detail, row.at());
  }

  private void write(
      Connection c,
      EventType type,
      long evaluationId,
      Outcome filter,
      String outcome,
      String detail,
      Instant at)
      throws SQLException {
    List<Destination> to = destinations.all(type, filter);
    if (to.isEmpty()) {
      return;
    }
    long row;
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO event_outbox (event_id, type, evaluation_id, outcome, detail, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)",
            new String[] {"id"})) {
      s.setQueryTimeout(timeoutSeconds);
      s.setString(1, UUID.randomUUID().toString());
      s.setString(2, type.ceType());
      s.setLong(3, evaluationId);
      s.setString(4, outcome);
      s.setString(5, detail);
      s.setTimestamp(6, Timestamp.from(at));
      s.executeUpdate();
      try (ResultSet keys = s.getGeneratedKeys()) {
        keys.next();
        row = keys.getLong(1);
      }
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO event_delivery (event_row, destination, status, attempts,"
                + " next_attempt_at, created_at) VALUES (?, ?, 'PENDING', 0, ?, ?)")) {
      s.setQueryTimeout(timeoutSeconds);
      for (Destination d : to) {
        s.setLong(1, row);
        s.setString(2, d.name());
        s.setTimestamp(3, Timestamp.from(at));
        s.setTimestamp(4, Timestamp.from(at));
        s.addBatch();
      }
      s.executeBatch();
    }
  }
}
