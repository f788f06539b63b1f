package io.tollgate.rules.eval;

import io.tollgate.rules.model.Numbers;
import java.util.Map;

/**
 * Renders a gate result as stable, human-readable text: one line for the gate, one per SLI and one
 * per criterion with its evidence. Golden files and the CLI use this form.
 */
public final class ResultPrinter {
  private ResultPrinter() {}

  /** The full report. */
  public static String format(GateResult r) {
    StringBuilder out = new StringBuilder();
    out.append("gate ")
        .append(r.gate())
        .append(": ")
        .append(r.outcome())
        .append(" (score ")
        .append(Numbers.format(Math.round(r.score() * 100) / 100.0))
        .append("%) ")
        .append(r.reason())
        .append('\n');
    r.sampleRatio().ifPresent(s -> out.append(sampleRatio(s)).append('\n'));
    for (SliResult s : r.slis()) {
      out.append("  sli ").append(s.sli()).append(": ").append(s.outcome());
      s.value().ifPresent(v -> out.append(" value=").append(Numbers.format(v)));
      if (s.criteria().isEmpty()) {
        out.append(" (").append(s.reason()).append(')');
      }
      out.append('\n');
      for (CriterionResult c : s.criteria()) {
        out.append("    ")
            .append(c.kind())
            .append(c.key() ? " [key]" : "")
            .append(c.ignored() ? " [ignored]" : "")
            .append(" weight=")
            .append(Numbers.format(c.weight()))
            .append(": ")
            .append(c.outcome())
            .append(" - ")
            .append(c.reason())
            .append('\n');
        String evidence = evidence(c.evidence());
        if (!evidence.isEmpty()) {
          out.append("      ").append(evidence).append('\n');
        }
      }
    }
    return out.toString();
  }

  private static String sampleRatio(SampleRatio s) {
    return "  sample ratio ("
        + s.sli()
        + "): "
        + (s.mismatch() ? "MISMATCH" : "ok")
        + " canary share="
        + Numbers.format(s.observedShare())
        + " expected="
        + Numbers.format(s.expectedShare())
        + " e-value="
        + EValues.format(s.eValue())
        + " threshold="
        + Numbers.format(s.threshold())
        + " n_canary="
        + s.canaryRequests()
        + " n_total="
        + s.totalRequests();
  }

  private static String evidence(Evidence e) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Double> v : e.values().entrySet()) {
      b.append(v.getKey()).append('=').append(Numbers.format(v.getValue())).append(' ');
    }
    e.statistic().ifPresent(v -> b.append("statistic=").append(Numbers.format(v)).append(' '));
    e.pValue().ifPresent(v -> b.append("p=").append(Numbers.format(v)).append(' '));
    if (e.ciLow().isPresent()) {
      b.append("ci=[")
          .append(Numbers.format(e.ciLow().getAsDouble()))
          .append(", ")
          .append(Numbers.format(e.ciHigh().getAsDouble()))
          .append("] ");
    }
    e.effect().ifPresent(v -> b.append("effect=").append(Numbers.format(v)).append(' '));
    for (Map.Entry<String, Double> n : e.samples().entrySet()) {
      b.append("n_")
          .append(n.getKey().replace(' ', '_'))
          .append('=')
          .append(Numbers.format(n.getValue()))
          .append(' ');
    }
    e.samplesNeeded().ifPresent(n -> b.append("needed=").append(n).append(' '));
    return b.toString().trim();
  }
}
