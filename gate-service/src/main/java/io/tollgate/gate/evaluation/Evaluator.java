package io.tollgate.gate.evaluation;

import io.micronaut.json.JsonMapper;
import io.tollgate.gate.gates.GateService;
import io.tollgate.gate.gates.GateVersionRow;
import io.tollgate.rules.eval.GateResult;
import io.tollgate.rules.eval.Judge;
import io.tollgate.rules.eval.JudgeOptions;
import io.tollgate.rules.model.Gate;
import io.tollgate.rules.model.Outcome;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.observation.ExpectedShare;
import io.tollgate.rules.observation.HistoryRun;
import io.tollgate.rules.observation.Look;
import io.tollgate.rules.observation.Observations;
import io.tollgate.rules.parse.GateParser;
import io.tollgate.rules.parse.ParseResult;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Runs one evaluation step: parse the gate version, observe, judge, and say what comes next. */
@Singleton
final class Evaluator {
  /** One step's result: the decision so far, and whether it is final. */
  record Step(GateResult result, Decision decision, boolean last, Instant nextRunAt) {}

  /** The request context key that carries the rollout's canary weight in percent. */
  static final String CANARY_WEIGHT = "canaryWeight";

  private final GateService gates;
  private final ObservationBuilder observations;
  private final EvaluationRepository evaluations;
  private final JsonMapper json;

  Evaluator(
      GateService gates,
      ObservationBuilder observations,
      EvaluationRepository evaluations,
      JsonMapper json) {
    this.gates = gates;
    this.observations = observations;
    this.evaluations = evaluations;
    this.json = json;
  }

  Step step(EvaluationRow row, EvaluationRequest request, Instant now, Deadline deadline) {
    GateVersionRow version = gates.version(row.gateName(), row.gateVersion());
    ParseResult parsed =
        GateParser.parse(row.gateName() + "@v" + row.gateVersion(), version.document());
    Gate gate =
        parsed
            .gate()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "stored gate version does not parse: " + parsed.issues()));
    boolean continuous = request.continuous() != null;
    Instant from = request.start();
    Instant to = continuous ? min(now, row.deadlineAt()) : request.end();
    if (!from.isBefore(to)) {
      to = from.plusMillis(1);
    }
    ObservationBuilder.Built built =
        observations.build(
            new ObservationBuilder.Scope(gate, request, from, to, history(row), deadline));
    // only anytime-valid criteria may decide before the last look of a continuous evaluation
    Look look = !continuous || !now.isBefore(row.deadlineAt()) ? Look.FINAL : Look.INTERIM;
    Observations observations =
        built.observations().withLook(look).withExpectedShares(expectedShares(request, from));
    GateResult result =
        Judge.evaluate(gate, observations, JudgeOptions.DEFAULT.withTrajectories(true));
    Map<String, Sli> slis =
        gate.slis().stream().collect(Collectors.toMap(Sli::name, Function.identity()));
    Decision decision = Decision.of(result, from, to, built.sources(), slis);
    boolean last = !continuous || decisive(result, request) || !now.isBefore(row.deadlineAt());
    Instant next =
        continuous
            ? min(
                now.plus(Durations.parse(request.continuous().interval(), "interval")),
                row.deadlineAt())
            : now;
    return new Step(result, decision, last, next);
  }

  /**
   * The canary share the rollout asked for, from the request context's {@code canaryWeight} (a
   * percentage, as Argo's setWeight and Flagger's stepWeight give it), for the sample-ratio check.
   */
  static List<ExpectedShare> expectedShares(EvaluationRequest request, Instant from) {
    String weight = request.contextOrEmpty().get(CANARY_WEIGHT);
    if (weight == null) {
      return List.of();
    }
    try {
      double percent = Double.parseDouble(weight.trim());
      return percent > 0 && percent < 100
          ? List.of(new ExpectedShare(from, percent / 100))
          : List.of();
    } catch (NumberFormatException e) {
      return List.of();
    }
  }

  /** FAIL stops a continuous evaluation at once; PASS/WARN too unless asked to keep watching. */
  private static boolean decisive(GateResult result, EvaluationRequest request) {
    if (result.outcome() == Outcome.FAIL) {
      return true;
    }
    boolean stopOnPass = !Boolean.FALSE.equals(request.continuous().stopOnPass());
    return stopOnPass && (result.outcome() == Outcome.PASS || result.outcome() == Outcome.WARN);
  }

  /**
   * Earlier decided evaluations of this gate and service give each SLI's history. Loaded once, on
   * the first SLI that asks (only SLIs with vsHistory criteria do), safely from the parallel source
   * threads.
   */
  private ObservationBuilder.HistoryLookup history(EvaluationRow row) {
    if (row.service() == null) {
      return sli -> List.of();
    }
    ConcurrentHashMap<String, Map<String, List<HistoryRun>>> once = new ConcurrentHashMap<>(1);
    return sli -> once.computeIfAbsent("all", k -> loadHistory(row)).getOrDefault(sli, List.of());
  }

  private Map<String, List<HistoryRun>> loadHistory(EvaluationRow row) {
    Map<String, List<HistoryRun>> bySli = new HashMap<>();
    for (EvaluationRow past :
        evaluations.history(row.gateName(), row.service(), row.id(), TestRunSource.HISTORY)) {
      if (past.result() == null || past.outcome() == null) {
        continue;
      }
      try {
        Decision d = json.readValue(past.result(), Decision.class);
        for (Decision.Sli s : d.slis()) {
          if (s.value() != null) {
            bySli
                .computeIfAbsent(s.name(), k -> new ArrayList<>())
                .add(
                    new HistoryRun(
                        "evaluation/" + past.id(),
                        past.outcome(),
                        s.value(),
                        past.pinned() && !past.excluded(),
                        past.excluded()));
          }
        }
      } catch (IOException | IllegalArgumentException e) {
        // an unreadable old decision is not history; skip it
      }
    }
    return bySli;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
