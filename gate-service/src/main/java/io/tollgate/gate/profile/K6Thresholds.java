package io.tollgate.gate.profile;

import io.tollgate.rules.model.Absolute;
import io.tollgate.rules.model.Condition;
import io.tollgate.rules.model.Gate;
import io.tollgate.rules.model.Objective;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.TestRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The k6 thresholds of a generated test: from a gate's {@code testrun} k6 SLIs with absolute
 * criteria where it has them, so that a run meeting the thresholds passes those SLIs; else from
 * production's quantiles and error ratio.
 *
 * <p>A gate SLI on {@code http_req_duration{name:"POST /checkout"}} with {@code stat: p(99)} and
 * {@code absolute: "< 800"} becomes {@code 'http_req_duration{name:"POST /checkout"}':
 * ['p(99)<800']}: the same metric name k6 writes into its summary for that submetric.
 */
final class K6Thresholds {
  /** Default latency limit: production's quantile times this, rounded up to a millisecond. */
  static final double LATENCY_MARGIN = 1.1;

  /** Default error limit: production's error ratio times this, at least {@link #MIN_ERROR_RATE}. */
  static final double ERROR_MARGIN = 1.5;

  static final double MIN_ERROR_RATE = 0.001;

  private K6Thresholds() {}

  /** The submetric k6 names for {@code metric} filtered by the {@code name} tag. */
  static String submetric(String metric, String operation) {
    return metric + "{name:\"" + operation + "\"}";
  }

  /**
   * Whether k6 can select the operation in a threshold: its submetric parser splits on commas and
   * colons and trims quotes and blanks.
   */
  static boolean selectable(String operation) {
    return !operation.isEmpty()
        && operation.strip().equals(operation)
        && operation
            .chars()
            .noneMatch(c -> c == ',' || c == '"' || c == '\'' || c == '{' || c == '}')
        && operation.chars().noneMatch(Character::isISOControl);
  }

  /** Threshold expressions per metric name, in a stable order. */
  static Map<String, List<String>> of(TrafficProfile profile, Gate gate) {
    Map<String, List<String>> fromGate = gate == null ? Map.of() : fromGate(gate);
    Map<String, List<String>> out = new LinkedHashMap<>();
    fromGate.forEach(
        (metric, exprs) -> {
          if (!metric.contains("{")) {
            out.put(metric, exprs);
          }
        });
    for (TrafficProfile.OperationProfile op : profile.operations()) {
      if (!selectable(op.operation())) {
        continue;
      }
      String duration = submetric("http_req_duration", op.operation());
      String failed = submetric("http_req_failed", op.operation());
      String reqs = submetric("http_reqs", op.operation());
      List<String> d = fromGate.get(duration);
      if (d == null && op.latencyMs() != null) {
        d =
            List.of(
                "p(95)<" + (long) Math.ceil(op.latencyMs().p95() * LATENCY_MARGIN),
                "p(99)<" + (long) Math.ceil(op.latencyMs().p99() * LATENCY_MARGIN));
      }
      if (d != null) {
        out.put(duration, d);
      }
      List<String> f = fromGate.get(failed);
      if (f == null) {
        double limit = Math.max(MIN_ERROR_RATE, op.errorRatio() * ERROR_MARGIN);
        f = List.of("rate<" + number(Math.min(1, Math.ceil(limit * 10_000) / 10_000)));
      }
      out.put(failed, f);
      // a threshold on the request counter makes k6 write the operation's count and rate into its
      // summary: the evidence a load-parity SLI reads
      out.put(reqs, fromGate.getOrDefault(reqs, List.of("count>0")));
    }
    return out;
  }

  /** The k6 SLIs of the gate with absolute pass conditions, as k6 threshold expressions. */
  static Map<String, List<String>> fromGate(Gate gate) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Sli sli : gate.slis()) {
      if (!(sli.source() instanceof TestRun t) || t.measure() != TestRun.Measure.K6) {
        continue;
      }
      String stat = t.stat().toLowerCase(Locale.ROOT);
      for (Objective o : sli.objectives()) {
        if (o.criterion() instanceof Absolute a) {
          for (Condition.Bound b : a.pass().bounds()) {
            out.computeIfAbsent(t.metric(), k -> new ArrayList<>())
                .add(stat + b.op().symbol() + number(b.limit()));
          }
        }
      }
    }
    return out;
  }

  static String number(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
