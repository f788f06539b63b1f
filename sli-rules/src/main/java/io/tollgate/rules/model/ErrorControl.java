package io.tollgate.rules.model;

import java.util.Map;
import java.util.Objects;

/**
 * How a gate keeps its false-fail rate at the criteria's level when it has several anytime-valid
 * criteria ({@code spec.errorControl}). With {@link Method#BONFERRONI} (the default) criterion i
 * fails only when its e-value reaches {@code Σw / (α_i · w_i)}: the chance that any of K healthy
 * SLIs fails the gate stays at most α, however often the gate is checked. Weights are per SLI,
 * default 1, and must be fixed before the evaluation starts.
 *
 * @param method how the levels are split
 * @param weights per SLI name, its share of the level (SLIs not named weigh 1)
 */
public record ErrorControl(Method method, Map<String, Double> weights) {

  /** The default: Bonferroni with equal weights. */
  public static final ErrorControl DEFAULT = new ErrorControl(Method.BONFERRONI, Map.of());

  /** How the gate's level is shared by its anytime-valid criteria. */
  public enum Method {
    /** Each criterion gets its level times its weight's share (Bonferroni on e-values). */
    BONFERRONI,
    /** Each criterion keeps its own level: the gate's false-fail rate grows with the criteria. */
    NONE
  }

  public ErrorControl {
    Objects.requireNonNull(method, "method");
    weights = Map.copyOf(weights == null ? Map.of() : weights);
    for (Map.Entry<String, Double> w : weights.entrySet()) {
      if (!(w.getValue() > 0 && Double.isFinite(w.getValue()))) {
        throw new IllegalArgumentException("weight of " + w.getKey() + " must be > 0");
      }
    }
  }

  /** The weight of {@code sli}. */
  public double weight(String sli) {
    return weights.getOrDefault(sli, 1.0);
  }
}
