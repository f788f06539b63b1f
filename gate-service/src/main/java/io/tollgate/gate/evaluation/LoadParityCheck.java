package io.tollgate.gate.evaluation;

import io.tollgate.gate.profile.TrafficProfile;
import io.tollgate.rules.model.TestRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares the load a test applied with production's profile: {@code peak_ratio} is the smallest
 * ratio of applied load to production's peak minute among the busiest operations that together
 * carry the SLI's share of production traffic; {@code operation_coverage} the share of production
 * requests whose operations the test exercised at all.
 */
final class LoadParityCheck {
  /** At most this many operations are listed in the decision's evidence. */
  static final int LISTED = 25;

  private LoadParityCheck() {}

  /** One operation's comparison. */
  record Row(String operation, double share, double productionPeak, double applied) {
    double ratio() {
      return productionPeak <= 0 ? Double.POSITIVE_INFINITY : applied / productionPeak;
    }
  }

  /** The SLI value and the per-operation rows behind it, busiest production operation first. */
  record Result(double value, List<Row> judged, List<Row> all) {}

  static Result judge(
      TrafficProfile profile,
      Map<String, Double> applied,
      TestRun.Measure measure,
      double traffic) {
    List<Row> all = new ArrayList<>();
    for (TrafficProfile.OperationProfile op : profile.operations()) {
      all.add(
          new Row(
              op.operation(),
              op.share(),
              op.ratePerMinute().peak(),
              applied.getOrDefault(op.operation(), 0d)));
    }
    if (measure == TestRun.Measure.OPERATION_COVERAGE) {
      double covered = 0;
      for (Row r : all) {
        if (r.applied() > 0) {
          covered += r.share();
        }
      }
      return new Result(Math.min(1, covered), all, all);
    }
    List<Row> judged = new ArrayList<>();
    double cumulative = 0;
    double min = Double.POSITIVE_INFINITY;
    for (Row r : all) {
      if (cumulative >= traffic - 1e-12) {
        break;
      }
      judged.add(r);
      cumulative += r.share();
      min = Math.min(min, r.ratio());
    }
    return new Result(judged.isEmpty() ? Double.NaN : min, judged, all);
  }

  /** One line per operation, for the decision: share, applied and production peak per minute. */
  static String describe(Result r) {
    StringBuilder b = new StringBuilder();
    int n = 0;
    for (Row row : r.all()) {
      if (n == LISTED) {
        b.append("; … and ").append(r.all().size() - LISTED).append(" more");
        break;
      }
      b.append(n++ == 0 ? "" : "; ")
          .append(row.operation())
          .append(r.judged().contains(row) ? "" : " (not judged)")
          .append(
              String.format(
                  Locale.ROOT,
                  ": %.1f%% of production, %.1f/min applied vs peak %.1f/min = %.2fx",
                  row.share() * 100,
                  row.applied(),
                  row.productionPeak(),
                  row.ratio()));
    }
    return b.toString();
  }
}
