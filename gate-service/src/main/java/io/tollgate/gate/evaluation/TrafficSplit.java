package io.tollgate.gate.evaluation;

import io.tollgate.rules.model.Traces;
import io.tollgate.telemetry.store.AggregateReader;
import io.tollgate.telemetry.store.MinuteCounts;
import io.tollgate.telemetry.store.OperationCounts;
import io.tollgate.telemetry.store.OperationMinute;
import io.tollgate.telemetry.store.SpanQuery;
import io.tollgate.telemetry.store.TestTrafficReader;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a traces SLI's spans by its {@code traffic} option: user traffic from the production
 * aggregates, test traffic from ingest's test series, or both; and counts the test requests a
 * user-traffic SLI left out, for the decision's evidence.
 */
@Singleton
final class TrafficSplit {
  /** The evidence key of the test requests left out (see {@link Decision.Source}). */
  static final String EXCLUDED = "excludedTestRequests";

  private final AggregateReader users;
  private final TestTrafficReader tests;

  TrafficSplit(AggregateReader users, TestTrafficReader tests) {
    this.users = users;
    this.tests = tests;
  }

  /** The production aggregates, which hold user traffic only. */
  AggregateReader users() {
    return users;
  }

  /** Requests and errors per minute, summed over whatever traffic the SLI reads. */
  List<MinuteCounts> minuteCounts(Traces.Traffic traffic, SpanQuery q) throws SQLException {
    return switch (traffic) {
      case USERS -> users.minuteCounts(q);
      case TESTS -> tests.minuteCounts(q);
      case ALL -> {
        Map<Instant, long[]> sum = new TreeMap<>();
        for (List<MinuteCounts> part : List.of(users.minuteCounts(q), tests.minuteCounts(q))) {
          for (MinuteCounts m : part) {
            long[] s = sum.computeIfAbsent(m.minute(), k -> new long[2]);
            s[0] += m.requests();
            s[1] += m.errors();
          }
        }
        List<MinuteCounts> out = new ArrayList<>(sum.size());
        sum.forEach((minute, s) -> out.add(new MinuteCounts(minute, s[0], s[1])));
        yield out;
      }
    };
  }

  /** Rows per minute with latency; callers merge rows of the same minute. */
  List<OperationMinute> operationMinutes(Traces.Traffic traffic, SpanQuery q) throws SQLException {
    return switch (traffic) {
      case USERS -> users.operationMinutes(q);
      case TESTS -> tests.minutes(q);
      case ALL -> {
        List<OperationMinute> out = new ArrayList<>(users.operationMinutes(q));
        out.addAll(tests.minutes(q));
        yield out;
      }
    };
  }

  /** Requests and errors over the window; test series are read from their minute rows. */
  long[] counts(Traces.Traffic traffic, SpanQuery q) throws SQLException {
    long[] sum = new long[2];
    if (traffic != Traces.Traffic.TESTS) {
      for (OperationCounts c : users.operationCounts(q)) {
        sum[0] += c.requests();
        sum[1] += c.errors();
      }
    }
    if (traffic != Traces.Traffic.USERS) {
      for (MinuteCounts m : tests.minuteCounts(q)) {
        sum[0] += m.requests();
        sum[1] += m.errors();
      }
    }
    return sum;
  }

  /** The test requests in {@code q}, which a user-traffic SLI leaves out. */
  long excluded(SpanQuery q) throws SQLException {
    long n = 0;
    for (MinuteCounts m : tests.minuteCounts(q)) {
      n += m.requests();
    }
    return n;
  }
}
