package io.tollgate.gate.evaluation;

import io.tollgate.rules.model.Traces;
import io.tollgate.telemetry.store.MinuteCounts;
import io.tollgate.telemetry.store.OperationCounts;
import io.tollgate.telemetry.store.OperationMinute;
import io.tollgate.telemetry.store.SpanQuery;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * One side's span reads: the spans its query selects, of the traffic the SLI asks for (users, tests
 * or all), or, when the side selects a feature-flag variant, only the user spans served with that
 * variant (ingest's per-variant series hold no test traffic).
 */
record TraceReads(
    TrafficSplit split, Traces.Traffic traffic, SpanQuery query, Optional<FlagSelector> flag) {

  static TraceReads of(TrafficSplit split, Traces.Traffic traffic, SpanQuery query, Side side) {
    return new TraceReads(split, traffic, query, FlagSelector.of(side));
  }

  List<OperationMinute> operationMinutes() throws SQLException {
    return flag.isPresent()
        ? split.users().operationMinutes(flag.get().query(query))
        : split.operationMinutes(traffic, query);
  }

  List<MinuteCounts> minuteCounts() throws SQLException {
    return flag.isPresent()
        ? split.users().minuteCounts(flag.get().query(query))
        : split.minuteCounts(traffic, query);
  }

  /** Requests and errors over the window. */
  long[] counts() throws SQLException {
    if (flag.isEmpty()) {
      return split.counts(traffic, query);
    }
    long[] sum = new long[2];
    for (OperationCounts c : split.users().operationCounts(flag.get().query(query))) {
      sum[0] += c.requests();
      sum[1] += c.errors();
    }
    return sum;
  }
}
