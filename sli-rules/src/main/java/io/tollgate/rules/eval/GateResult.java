package io.tollgate.rules.eval;

import io.tollgate.rules.model.Outcome;
import java.util.List;
import java.util.Optional;

/**
 * The verdict on a gate: its outcome, the Keptn-style score in percent (earned over total weight),
 * a one-line reason, and every SLI's result.
 */
public record GateResult(
    String gate, Outcome outcome, double score, String reason, List<SliResult> slis) {
  public GateResult {
    slis = List.copyOf(slis);
  }

  /** The result of {@code sli}, if the gate has it. */
  public Optional<SliResult> sli(String sli) {
    return slis.stream().filter(s -> s.sli().equals(sli)).findFirst();
  }
}
