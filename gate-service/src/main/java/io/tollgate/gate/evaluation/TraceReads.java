package io.tollgate.gate.evaluation;

import io.tollgate.telemetry.store.AggregateReader;
import io.tollgate.telemetry.store.MinuteCounts;
import io.tollgate.telemetry.store.OperationCounts;
import io.tollgate.telemetry.store.OperationMinute;
import io.tollgate.telemetry.store.SpanQuery;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * One side's span reads: all spans its query selects, or, when the side selects a feature-flag
 * variant, only the spans served with that variant (ingest's per-variant series).
 */
record TraceReads(AggregateReader reader, SpanQuery query, Optional<FlagSelector> flag) {

  static TraceReads of(AggregateReader reader, SpanQuery query, Side side) {
    return new TraceReads(reader, query, FlagSelector.of(side));
  }

  List<OperationMinute> operationMinutes() throws SQLException {
    return flag.isPresent()
        ? reader.operationMinutes(flag.get().query(query))
        : reader.operationMinutes(query);
  }

  List<MinuteCounts> minuteCounts() throws SQLException {
    return flag.isPresent()
        ? reader.minuteCounts(flag.get().query(query))
        : reader.minuteCounts(query);
  }

  List<OperationCounts> operationCounts() throws SQLException {
    return flag.isPresent()
        ? reader.operationCounts(flag.get().query(query))
        : reader.operationCounts(query);
  }
}
