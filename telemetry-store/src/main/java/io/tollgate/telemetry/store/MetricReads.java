package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.MetricStats;
import io.tollgate.telemetry.aggregate.SeriesKey;
import io.tollgate.telemetry.aggregate.Sketches;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The metric minutes an {@link AggregateReader} reads: filters in SQL, attributes exact. */
final class MetricReads {
  private MetricReads() {}

  static List<MetricMinute> minutes(Snapshots snapshots, MetricQuery q) throws SQLException {
    Where w =
        new Where()
            .eq("metric_name", q.name())
            .eq("service", q.service())
            .range("minute_start", q.from(), q.to())
            .eq("service_version", q.version())
            .eq("environment", q.environment())
            .eq("track", q.track());
    for (Map.Entry<String, String> a : q.attributes().entrySet()) {
      w.like(
          "attributes", AttributeText.likeContaining(AttributeText.pair(a.getKey(), a.getValue())));
    }
    String sql =
        "SELECT service_version, environment, track, attributes, minute_start, metric_kind,"
            + " cumulative, samples, sum_total, min_sample, max_sample, last_sample,"
            + " last_time_nanos"
            + (q.sketches() ? ", sketch" : "")
            + " FROM ingest_metric_minute"
            + w.sql()
            // batch order, for the newest-point rules on equal times (PartialRows)
            + " ORDER BY batch_offset";
    return snapshots.run(
        c -> {
          Map<List<String>, MetricStats> merged = new TreeMap<>(AggregateReader::compareLists);
          try (PreparedStatement ps = snapshots.prepare(c, sql)) {
            w.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                String attributes = rs.getString("attributes");
                if (!AttributeText.includes(attributes, q.attributes())) {
                  continue;
                }
                List<String> id =
                    List.of(
                        String.format("%020d", Sql.epochSecond(rs, "minute_start")),
                        q.service(),
                        rs.getString("service_version"),
                        rs.getString("environment"),
                        rs.getString("track"),
                        attributes);
                byte[] sketch = q.sketches() ? rs.getBytes("sketch") : null;
                MetricStats s =
                    MetricStats.restore(
                        rs.getString("metric_kind"),
                        rs.getBoolean("cumulative"),
                        rs.getLong("samples"),
                        rs.getDouble("sum_total"),
                        Sql.doubleOrNaN(rs, "min_sample"),
                        Sql.doubleOrNaN(rs, "max_sample"),
                        Sql.doubleOrNaN(rs, "last_sample"),
                        rs.getLong("last_time_nanos"),
                        sketch == null ? null : Sketches.decode(sketch));
                MetricStats m = merged.get(id);
                if (m == null) {
                  merged.put(id, s);
                } else {
                  m.merge(s);
                }
              }
            }
          }
          List<MetricMinute> out = new ArrayList<>(merged.size());
          merged.forEach(
              (id, s) ->
                  out.add(
                      new MetricMinute(
                          q.name(),
                          new SeriesKey(id.get(1), id.get(2), id.get(3), id.get(4)),
                          id.get(5),
                          Instant.ofEpochSecond(Long.parseLong(id.get(0))),
                          s)));
          out.sort(
              Comparator.comparing(MetricMinute::minute)
                  .thenComparing(m -> m.series().toString())
                  .thenComparing(MetricMinute::attributes));
          return out;
        });
  }
}
