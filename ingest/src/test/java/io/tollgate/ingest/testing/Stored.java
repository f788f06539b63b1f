package io.tollgate.ingest.testing;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.tollgate.telemetry.store.AggregateReader;
import io.tollgate.telemetry.store.OperationStats;
import io.tollgate.telemetry.store.SpanQuery;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/** Reads back what ingest stored, in the shape {@link Workload#expected()} uses. */
public final class Stored {
  private Stored() {}

  /** {@code service|track|operation -> [requests, errors]} over all services of a workload. */
  public static Map<String, long[]> requests(DataSource ds, Instant from, Instant to)
      throws SQLException {
    AggregateReader reader = new AggregateReader(ds);
    Map<String, long[]> out = new TreeMap<>();
    for (String service : Workload.SERVICES) {
      for (OperationStats s : reader.operations(SpanQuery.of(service, from, to))) {
        out.put(
            service + "|" + s.series().track() + "|" + s.operation(),
            new long[] {s.requests(), s.errors()});
      }
    }
    return out;
  }

  public static long totalRequests(DataSource ds, Instant from, Instant to) throws SQLException {
    return requests(ds, from, to).values().stream().mapToLong(v -> v[0]).sum();
  }

  /** Same content, comparable with {@code ==} in Groovy. */
  public static Map<String, java.util.List<Long>> comparable(Map<String, long[]> m) {
    Map<String, java.util.List<Long>> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, java.util.List.of(v[0], v[1])));
    return out;
  }

  /** The sum over all label sets of a counter, 0 when it is not registered. */
  public static double counter(PrometheusRegistry registry, String name) {
    for (MetricSnapshot s : registry.scrape()) {
      if (s.getMetadata().getName().equals(name) && s instanceof CounterSnapshot c) {
        return c.getDataPoints().stream().mapToDouble(d -> d.getValue()).sum();
      }
    }
    return 0;
  }
}
