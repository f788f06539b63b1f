package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.PartitionBatch;
import io.tollgate.telemetry.aggregate.SeriesKey;
import io.tollgate.telemetry.aggregate.Sketches;
import io.tollgate.telemetry.aggregate.SpanKey;
import io.tollgate.telemetry.aggregate.SpanStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/** Writes and reads {@code ingest_span_minute} rows. */
final class SpanRows {
  private static final String INSERT =
      "INSERT INTO ingest_span_minute (topic, kafka_partition, batch_offset, service,"
          + " service_version, environment, track, operation, minute_start, requests, errors,"
          + " latency_sketch) VALUES ";
  private static final int COLUMNS = 12;

  private SpanRows() {}

  /**
   * Appends the batch's span statistics as rows of their own (keyed by the batch's start offset);
   * readers add them to the rows already stored.
   */
  static void write(Connection c, PartitionBatch batch) throws SQLException {
    Map<SpanKey, SpanStats> fresh = batch.spanStats();
    MultiRowStatement.execute(
        c,
        INSERT,
        "",
        COLUMNS,
        fresh.entrySet(),
        (ps, i, e) -> {
          SpanKey k = e.getKey();
          SpanStats s = e.getValue();
          int at = bindSeries(ps, i, batch, k.series());
          ps.setString(at, k.operation());
          ps.setObject(at + 1, Sql.minute(k.minuteEpochSecond()));
          bindStats(ps, at + 2, s);
        });
  }

  /** Binds service, version, environment and track from parameter {@code i} on. */
  static void bindSeries(PreparedStatement ps, int i, SeriesKey series) throws SQLException {
    ps.setString(i, series.service());
    ps.setString(i + 1, series.version());
    ps.setString(i + 2, series.environment());
    ps.setString(i + 3, series.track());
  }

  /** Binds the batch's topic, partition and offset, then the series; returns the next index. */
  static int bindSeries(PreparedStatement ps, int i, PartitionBatch batch, SeriesKey series)
      throws SQLException {
    ps.setString(i, batch.topic());
    ps.setInt(i + 1, batch.partition());
    ps.setLong(i + 2, batch.startOffset());
    bindSeries(ps, i + 3, series);
    return i + 7;
  }

  /** Binds requests, errors and the encoded latency sketch from parameter {@code i} on. */
  static void bindStats(PreparedStatement ps, int i, SpanStats s) throws SQLException {
    ps.setLong(i, s.requests());
    ps.setLong(i + 1, s.errors());
    ps.setBytes(i + 2, Sketches.encode(s.latencyMs()));
  }

  static SpanKey key(ResultSet rs) throws SQLException {
    return new SpanKey(
        new SeriesKey(
            rs.getString("service"),
            rs.getString("service_version"),
            rs.getString("environment"),
            rs.getString("track")),
        rs.getString("operation"),
        Sql.epochSecond(rs, "minute_start"));
  }

  static SpanStats stats(ResultSet rs) throws SQLException {
    return SpanStats.of(
        rs.getLong("requests"),
        rs.getLong("errors"),
        Sketches.decode(rs.getBytes("latency_sketch")));
  }
}
