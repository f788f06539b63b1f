package io.tollgate.gate.deploy;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;
import io.tollgate.rules.model.Binding;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Keeps the {@code gate_binding} table; plain JDBC on the pool (joins the caller's transaction).
 */
@Singleton
class BindingStore {
  private static final String COLUMNS =
      "id, gate_name, origin, trigger_kind, service, environment, flag, watch_seconds,"
          + " every_seconds, cron, next_run_at, created_by, created_at";

  private final DataSource dataSource;

  BindingStore(DataSource dataSource, DataSourceResolver resolver) {
    this.dataSource = resolver.resolve(dataSource);
  }

  List<StoredBinding> ofGate(String gate) throws SQLException {
    return query("SELECT " + COLUMNS + " FROM gate_binding WHERE gate_name = ? ORDER BY id", gate);
  }

  /** The bindings of a trigger for a service, in every environment. */
  List<StoredBinding> of(Binding.Trigger trigger, String service) throws SQLException {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM gate_binding WHERE service = ? AND trigger_kind = ? ORDER BY gate_name, id",
        service,
        trigger.name());
  }

  /** Schedules whose next run is due, at most {@code limit}. */
  List<StoredBinding> due(Instant now, int limit) throws SQLException {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM gate_binding WHERE trigger_kind = 'SCHEDULE' AND next_run_at <= ?"
            + " ORDER BY next_run_at LIMIT "
            + limit,
        time(now));
  }

  /** Moves a schedule's next run, if no other replica moved it first. */
  boolean claim(long id, Instant was, Instant next) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE gate_binding SET next_run_at = ? WHERE id = ? AND next_run_at = ?")) {
      ps.setObject(1, time(next));
      ps.setLong(2, id);
      ps.setObject(3, time(was));
      return ps.executeUpdate() == 1;
    }
  }

  /** Replaces the gate's bindings of one origin. */
  void replace(String gate, StoredBinding.Origin origin, List<StoredBinding> bindings)
      throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement("DELETE FROM gate_binding WHERE gate_name = ? AND origin = ?")) {
        ps.setString(1, gate);
        ps.setString(2, origin.name());
        ps.executeUpdate();
      }
      insert(c, bindings);
    }
  }

  void add(List<StoredBinding> bindings) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      insert(c, bindings);
    }
  }

  /** Removes an API binding of the gate; false when there is none with that id. */
  boolean remove(String gate, long id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "DELETE FROM gate_binding WHERE id = ? AND gate_name = ? AND origin = 'API'")) {
      ps.setLong(1, id);
      ps.setString(2, gate);
      return ps.executeUpdate() == 1;
    }
  }

  int count(String gate) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM gate_binding WHERE gate_name = ?")) {
      ps.setString(1, gate);
      try (ResultSet r = ps.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }

  private static void insert(Connection c, List<StoredBinding> bindings) throws SQLException {
    if (bindings.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO gate_binding (gate_name, origin, trigger_kind, service, environment, flag,"
                + " watch_seconds, every_seconds, cron, next_run_at, created_by, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (StoredBinding b : bindings) {
        ps.setString(1, b.gate());
        ps.setString(2, b.origin().name());
        ps.setString(3, b.trigger().name());
        ps.setString(4, b.service());
        ps.setString(5, b.environment());
        ps.setString(6, b.flag());
        ps.setLong(7, b.watch().toSeconds());
        ps.setLong(8, b.every().toSeconds());
        ps.setString(9, b.cron());
        if (b.nextRunAt() == null) {
          ps.setNull(10, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
          ps.setObject(10, time(b.nextRunAt()));
        }
        ps.setString(11, b.createdBy());
        ps.setObject(12, time(b.createdAt()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private List<StoredBinding> query(String sql, Object... params) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      List<StoredBinding> out = new ArrayList<>();
      try (ResultSet r = ps.executeQuery()) {
        while (r.next()) {
          out.add(
              new StoredBinding(
                  r.getLong(1),
                  r.getString(2),
                  StoredBinding.Origin.valueOf(r.getString(3).toUpperCase(Locale.ROOT)),
                  Binding.Trigger.valueOf(r.getString(4)),
                  r.getString(5),
                  r.getString(6),
                  r.getString(7),
                  Duration.ofSeconds(r.getLong(8)),
                  Duration.ofSeconds(r.getLong(9)),
                  r.getString(10),
                  instant(r.getObject(11, OffsetDateTime.class)),
                  r.getString(12),
                  instant(r.getObject(13, OffsetDateTime.class))));
        }
      }
      return out;
    }
  }

  static OffsetDateTime time(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }

  @Nullable
  static Instant instant(@Nullable OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
