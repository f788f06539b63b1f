package io.tollgate.gate.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The outbox's deliveries ({@code event_delivery}, read with their {@code event_outbox} rows):
 * claims of due rows, the result of each attempt, the log. A claim takes due PENDING rows with
 * {@code FOR UPDATE SKIP LOCKED}, counts the attempt and moves {@code next_attempt_at} a lease
 * ahead, so other replicas skip the row while it is sent and take it over if this one dies. Results
 * land only while the claim is this node's (same {@code claimed_by} and attempt).
 */
@Singleton
final class DeliveryStore {
  private static final String COLUMNS =
      "d.id, o.event_id, o.type, o.evaluation_id, o.outcome, d.destination, d.status, d.attempts,"
          + " d.created_at, d.last_attempt_at, d.next_attempt_at, d.delivered_at, d.last_status,"
          + " d.last_error";

  private final DataSource pool;
  private final int timeoutSeconds;

  DeliveryStore(DataSource dataSource, DataSourceResolver resolver, EventsProperties properties) {
    this.pool = resolver.resolve(dataSource);
    this.timeoutSeconds = (int) Math.max(1, properties.queryTimeout().toSeconds());
  }

  /** Due deliveries, claimed for {@code node} until {@code until}. */
  List<Delivery> claim(Instant now, int limit, String node, Instant until) throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try {
        Map<Long, long[]> due = new LinkedHashMap<>(); // id -> {event_row, attempts}
        Map<Long, String> destinations = new LinkedHashMap<>();
        try (PreparedStatement s =
                prepare(
                    c,
                    "SELECT id, event_row, attempts, destination FROM event_delivery"
                        + " WHERE status = 'PENDING' AND next_attempt_at <= ?"
                        + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED",
                    Timestamp.from(now),
                    limit);
            ResultSet r = s.executeQuery()) {
          while (r.next()) {
            due.put(r.getLong(1), new long[] {r.getLong(2), r.getInt(3) + 1});
            destinations.put(r.getLong(1), r.getString(4));
          }
        }
        List<Delivery> out = new ArrayList<>();
        for (Map.Entry<Long, long[]> e : due.entrySet()) {
          update(
              c,
              "UPDATE event_delivery SET attempts = attempts + 1, claimed_by = ?,"
                  + " last_attempt_at = ?, next_attempt_at = ? WHERE id = ?",
              node,
              Timestamp.from(now),
              Timestamp.from(until),
              e.getKey());
          try (PreparedStatement s =
                  prepare(
                      c,
                      "SELECT event_id, type, evaluation_id, outcome, detail, created_at"
                          + " FROM event_outbox WHERE id = ?",
                      e.getValue()[0]);
              ResultSet r = s.executeQuery()) {
            if (r.next()) {
              out.add(
                  new Delivery(
                      e.getKey(),
                      destinations.get(e.getKey()),
                      (int) e.getValue()[1],
                      r.getString(1),
                      EventType.of(r.getString(2)),
                      r.getLong(3),
                      r.getString(4),
                      r.getString(5),
                      instant(r, 6)));
            }
          }
        }
        c.commit();
        return out;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** The attempt succeeded. */
  boolean delivered(Delivery d, String node, Instant at, @Nullable Integer status)
      throws SQLException {
    return finish(
        "UPDATE event_delivery SET status = 'DELIVERED', delivered_at = ?, last_status = ?,"
            + " last_error = NULL, claimed_by = NULL",
        d,
        node,
        Timestamp.from(at),
        status);
  }

  /** The attempt failed; another follows at {@code next}. */
  boolean retry(Delivery d, String node, Instant next, @Nullable Integer status, String error)
      throws SQLException {
    return finish(
        "UPDATE event_delivery SET next_attempt_at = ?, last_status = ?, last_error = ?,"
            + " claimed_by = NULL",
        d,
        node,
        Timestamp.from(next),
        status,
        cut(error));
  }

  /** The attempt failed and no other follows. */
  boolean failed(Delivery d, String node, @Nullable Integer status, String error)
      throws SQLException {
    return finish(
        "UPDATE event_delivery SET status = 'FAILED', next_attempt_at = last_attempt_at,"
            + " last_status = ?, last_error = ?, claimed_by = NULL",
        d,
        node,
        status,
        cut(error));
  }

  /**
   * The log, newest first: up to {@code limit} rows with ids below {@code before}, narrowed by the
   * filters that are set.
   */
  List<DeliveryRow> list(
      long before,
      @Nullable String status,
      @Nullable Long evaluationId,
      @Nullable String destination,
      int limit)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(COLUMNS)
            .append(" FROM event_delivery d JOIN event_outbox o ON o.id = d.event_row")
            .append(" WHERE d.id < ?");
    List<Object> params = new ArrayList<>(List.of(before));
    if (status != null) {
      sql.append(" AND d.status = ?");
      params.add(status);
    }
    if (evaluationId != null) {
      sql.append(" AND o.evaluation_id = ?");
      params.add(evaluationId);
    }
    if (destination != null) {
      sql.append(" AND d.destination = ?");
      params.add(destination);
    }
    sql.append(" ORDER BY d.id DESC LIMIT ?");
    params.add(limit);
    try (Connection c = pool.getConnection();
        PreparedStatement s = prepare(c, sql.toString(), params.toArray());
        ResultSet r = s.executeQuery()) {
      List<DeliveryRow> out = new ArrayList<>();
      while (r.next()) {
        out.add(
            new DeliveryRow(
                r.getLong(1),
                r.getString(2),
                r.getString(3),
                r.getLong(4),
                r.getString(5),
                r.getString(6),
                r.getString(7),
                r.getInt(8),
                instant(r, 9),
                instant(r, 10),
                "PENDING".equals(r.getString(7)) ? instant(r, 11) : null,
                instant(r, 12),
                (Integer) r.getObject(13),
                r.getString(14)));
      }
      return out;
    }
  }

  /** Deliveries waiting for an attempt (PENDING), for the gauge. */
  long pending() throws SQLException {
    try (Connection c = pool.getConnection();
        PreparedStatement s =
            prepare(c, "SELECT COUNT(*) FROM event_delivery WHERE status = 'PENDING'");
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    }
  }

  /**
   * Deletes up to {@code limit} events created before {@code before} with no delivery still
   * PENDING, with their deliveries.
   */
  int prune(Instant before, int limit) throws SQLException {
    try (Connection c = pool.getConnection()) {
      return update(
          c,
          "DELETE FROM event_outbox WHERE id IN (SELECT o.id FROM event_outbox o"
              + " WHERE o.created_at < ? AND NOT EXISTS (SELECT 1 FROM event_delivery d"
              + " WHERE d.event_row = o.id AND d.status = 'PENDING') ORDER BY o.id LIMIT ?)",
          Timestamp.from(before),
          limit);
    }
  }

  private boolean finish(String set, Delivery d, String node, Object... params)
      throws SQLException {
    Object[] all = new Object[params.length + 3];
    System.arraycopy(params, 0, all, 0, params.length);
    all[params.length] = d.id();
    all[params.length + 1] = node;
    all[params.length + 2] = d.attempts();
    try (Connection c = pool.getConnection()) {
      return update(
              c,
              set + " WHERE id = ? AND claimed_by = ? AND attempts = ? AND status = 'PENDING'",
              all)
          == 1;
    }
  }

  private int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement s = prepare(c, sql, params)) {
      return s.executeUpdate();
    }
  }

  private PreparedStatement prepare(Connection c, String sql, Object... params)
      throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    try {
      s.setQueryTimeout(timeoutSeconds);
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      return s;
    } catch (SQLException e) {
      s.close();
      throw e;
    }
  }

  @Nullable
  private static Instant instant(ResultSet r, int column) throws SQLException {
    OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static String cut(String s) {
    return s == null ? "" : s.length() <= 500 ? s : s.substring(0, 497) + "...";
  }
}
