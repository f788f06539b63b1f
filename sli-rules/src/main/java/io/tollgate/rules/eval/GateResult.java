package io.tollgate.rules.eval;

import io.tollgate.rules.model.Outcome;
import java.util.List;
import java.util.Optional;

/**
 * The verdict on a gate: its outcome, the Keptn-style score in percent (earned over total weight),
 * a one-line reason, every SLI's result, and the sample-ratio check when the observations said
 * which canary share the rollout asked for.
 */
public record GateResult(
    String gate,
    Outcome outcome,
    double score,
    String reason,
    List<SliResult> slis,
    Optional<SampleRatio> sampleRatio) {
  public GateResult {
    slis = List.copyOf(slis);
    sampleRatio = sampleRatio == null ? Optional.empty() : sampleRatio;
  }

  /** A result without a sample-ratio check. */
  public GateResult(
      String gate, Outcome outcome, double score, String reason, List<SliResult> slis) {
    this(gate, outcome, score, reason, slis, Optional.empty());
  }

  /** The result of {@code sli}, if the gate has it. */
  public Optional<SliResult> sli(String sli) {
    return slis.stream().filter(s -> s.sli().equals(sli)).findFirst();
  }
}
