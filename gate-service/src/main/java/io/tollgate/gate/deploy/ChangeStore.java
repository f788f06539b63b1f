package io.tollgate.gate.deploy;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;
import io.tollgate.rules.model.Binding;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Keeps the {@code change_event} and {@code change_watch} tables; plain JDBC on the pool. */
@Singleton
class ChangeStore {
  private static final String COLUMNS =
      "id, trigger_kind, kind, service, version, previous_version, environment, flag, variant,"
          + " source, source_id, happened_at, received_by, received_at";

  private final DataSource dataSource;

  ChangeStore(DataSource dataSource, DataSourceResolver resolver) {
    this.dataSource = resolver.resolve(dataSource);
  }

  /** Stores the change; empty when one with its source and id is stored already. */
  Optional<Change> insert(Change c) throws SQLException {
    if (bySource(c.source(), c.sourceId()).isPresent()) {
      return Optional.empty();
    }
    try (Connection conn = dataSource.getConnection();
        PreparedStatement ps =
            conn.prepareStatement(
                "INSERT INTO change_event (trigger_kind, kind, service, version, previous_version,"
                    + " environment, flag, variant, source, source_id, happened_at, received_by,"
                    + " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, c.trigger().name());
      ps.setString(2, c.kind());
      ps.setString(3, c.service());
      ps.setString(4, c.version());
      ps.setString(5, c.previousVersion());
      ps.setString(6, c.environment());
      ps.setString(7, c.flag());
      ps.setString(8, c.variant());
      ps.setString(9, c.source());
      ps.setString(10, c.sourceId());
      ps.setObject(11, BindingStore.time(c.at()));
      ps.setString(12, c.receivedBy());
      ps.setObject(13, BindingStore.time(c.receivedAt()));
      try {
        ps.executeUpdate();
      } catch (SQLException e) {
        // the same event raced in on another thread or replica: the unique index kept one
        if (bySource(c.source(), c.sourceId()).isPresent()) {
          return Optional.empty();
        }
        throw e;
      }
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return Optional.of(c.withId(keys.getLong(1)));
      }
    }
  }

  void watch(long changeId, String gate, @Nullable Long evaluationId, @Nullable String skipped)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO change_watch (change_id, gate_name, evaluation_id, skipped)"
                    + " VALUES (?, ?, ?, ?)")) {
      ps.setLong(1, changeId);
      ps.setString(2, gate);
      ps.setObject(3, evaluationId);
      ps.setString(
          4, skipped == null || skipped.length() <= 500 ? skipped : skipped.substring(0, 500));
      ps.executeUpdate();
    }
  }

  Optional<Change> find(long id) throws SQLException {
    return one("SELECT " + COLUMNS + " FROM change_event WHERE id = ?", id);
  }

  Optional<Change> bySource(String source, String sourceId) throws SQLException {
    return one(
        "SELECT " + COLUMNS + " FROM change_event WHERE source = ? AND source_id = ?",
        source,
        sourceId);
  }

  /** Changes newest first, of one service when given, below {@code beforeId} when given. */
  List<Change> page(@Nullable String service, @Nullable Long beforeId, int limit)
      throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM change_event WHERE 1 = 1");
    List<Object> params = new ArrayList<>();
    if (service != null) {
      sql.append(" AND service = ?");
      params.add(service);
    }
    if (beforeId != null) {
      sql.append(" AND id < ?");
      params.add(beforeId);
    }
    sql.append(" ORDER BY id DESC LIMIT ").append(limit);
    return query(sql.toString(), params.toArray());
  }

  /** The watches (gate, evaluation id, why skipped) of a change, by gate. */
  List<Change.Watch> watches(long changeId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT gate_name, evaluation_id, skipped FROM change_watch WHERE change_id = ?"
                    + " ORDER BY gate_name")) {
      ps.setLong(1, changeId);
      List<Change.Watch> out = new ArrayList<>();
      try (ResultSet r = ps.executeQuery()) {
        while (r.next()) {
          long ev = r.getLong(2);
          out.add(
              new Change.Watch(
                  r.getString(1), r.wasNull() ? null : ev, r.getString(3), null, null, null));
        }
      }
      return out;
    }
  }

  /** Running evaluations that watch a change of this gate, of one service when given. */
  List<Long> running(String gate, @Nullable String service) throws SQLException {
    String sql =
        "SELECT w.evaluation_id FROM change_watch w"
            + " JOIN evaluation_job j ON j.evaluation_id = w.evaluation_id"
            + " JOIN change_event c ON c.id = w.change_id"
            + " WHERE w.gate_name = ? AND j.status = 'PENDING'"
            + (service == null ? "" : " AND c.service = ?")
            + " ORDER BY w.evaluation_id";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, gate);
      if (service != null) {
        ps.setString(2, service);
      }
      List<Long> out = new ArrayList<>();
      try (ResultSet r = ps.executeQuery()) {
        while (r.next()) {
          out.add(r.getLong(1));
        }
      }
      return out;
    }
  }

  private Optional<Change> one(String sql, Object... params) throws SQLException {
    List<Change> rows = query(sql, params);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  private List<Change> query(String sql, Object... params) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      List<Change> out = new ArrayList<>();
      try (ResultSet r = ps.executeQuery()) {
        while (r.next()) {
          out.add(
              new Change(
                  r.getLong(1),
                  Binding.Trigger.valueOf(r.getString(2)),
                  r.getString(3),
                  r.getString(4),
                  r.getString(5),
                  r.getString(6),
                  r.getString(7),
                  r.getString(8),
                  r.getString(9),
                  r.getString(10),
                  r.getString(11),
                  r.getObject(12, OffsetDateTime.class).toInstant(),
                  r.getString(13),
                  r.getObject(14, OffsetDateTime.class).toInstant(),
                  List.of()));
        }
      }
      return out;
    }
  }
}
