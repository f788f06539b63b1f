package io.tollgate.rules.write;

import io.tollgate.rules.model.Absolute;
import io.tollgate.rules.model.Budget;
import io.tollgate.rules.model.BurnWindow;
import io.tollgate.rules.model.Condition;
import io.tollgate.rules.model.Criterion;
import io.tollgate.rules.model.Direction;
import io.tollgate.rules.model.Durations;
import io.tollgate.rules.model.Gate;
import io.tollgate.rules.model.Incidents;
import io.tollgate.rules.model.LoadParity;
import io.tollgate.rules.model.Metrics;
import io.tollgate.rules.model.MissingData;
import io.tollgate.rules.model.Objective;
import io.tollgate.rules.model.Parity;
import io.tollgate.rules.model.PrometheusQuery;
import io.tollgate.rules.model.Scenarios;
import io.tollgate.rules.model.Scoring;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.SliSource;
import io.tollgate.rules.model.Statistical;
import io.tollgate.rules.model.TestRun;
import io.tollgate.rules.model.Traces;
import io.tollgate.rules.model.VsBaseline;
import io.tollgate.rules.model.VsHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Writes a gate as YAML in the language {@code GateParser} reads, leaving defaults out. Reading the
 * output back gives the same gate (positions aside).
 */
public final class GateWriter {
  private GateWriter() {}

  /** The gate as a YAML document. */
  public static String write(Gate gate) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("apiVersion", Gate.API_VERSION);
    doc.put("kind", "Gate");
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("name", gate.metadata().name());
    putIf(meta, "owner", gate.metadata().owner(), !gate.metadata().owner().isEmpty());
    putIf(meta, "labels", gate.metadata().labels(), !gate.metadata().labels().isEmpty());
    putIf(
        meta,
        "description",
        gate.metadata().description(),
        !gate.metadata().description().isEmpty());
    doc.put("metadata", meta);
    Map<String, Object> spec = new LinkedHashMap<>();
    putIf(
        spec,
        "onMissingData",
        spell(gate.onMissingData()),
        gate.onMissingData() != MissingData.INCONCLUSIVE);
    if (!gate.scoring().equals(Scoring.DEFAULT)) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("pass", num(gate.scoring().pass()));
      s.put("warn", num(gate.scoring().warn()));
      spec.put("scoring", s);
    }
    putIf(
        spec,
        "variables",
        new LinkedHashMap<>(new java.util.TreeMap<>(gate.variables())),
        !gate.variables().isEmpty());
    if (!gate.errorControl().equals(io.tollgate.rules.model.ErrorControl.DEFAULT)) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("method", spell(gate.errorControl().method()));
      Map<String, Object> w = new LinkedHashMap<>();
      new java.util.TreeMap<>(gate.errorControl().weights()).forEach((k, v) -> w.put(k, num(v)));
      putIf(e, "weights", w, !w.isEmpty());
      spec.put("errorControl", e);
    }
    List<Object> slis = new ArrayList<>();
    for (Sli sli : gate.slis()) {
      slis.add(sli(sli));
    }
    spec.put("slis", slis);
    doc.put("spec", spec);
    DumpSettings settings =
        DumpSettings.builder()
            .setDefaultFlowStyle(FlowStyle.BLOCK)
            .setIndent(2)
            .setIndicatorIndent(2)
            .setIndentWithIndicator(true)
            .setWidth(120)
            .build();
    return new Dump(settings).dumpToString(doc);
  }

  private static Map<String, Object> sli(Sli sli) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", sli.name());
    putIf(m, "unit", sli.unit(), !sli.unit().isEmpty());
    putIf(m, "direction", spell(sli.direction()), sli.direction() != Direction.LOWER_IS_BETTER);
    sli.onMissingData().ifPresent(p -> m.put("onMissingData", spell(p)));
    m.put("source", Map.of(sli.source().kind(), source(sli.source())));
    List<Object> criteria = new ArrayList<>();
    for (Objective o : sli.objectives()) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put(o.criterion().kind(), criterion(o.criterion()));
      putIf(c, "weight", num(o.weight()), o.weight() != 1);
      putIf(c, "key", true, o.key());
      criteria.add(c);
    }
    putIf(m, "criteria", criteria, !criteria.isEmpty());
    return m;
  }

  private static Map<String, Object> source(SliSource source) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (source instanceof Traces t) {
      m.put("service", t.service());
      putIf(m, "operation", t.operation(), !t.operation().isEmpty());
      m.put("measure", spell(t.measure()));
      t.quantile().ifPresent(q -> m.put("quantile", num(q)));
      putIf(m, "filter", t.filter(), !t.filter().isEmpty());
      putIf(m, "traffic", spell(t.traffic()), t.traffic() != Traces.Traffic.USERS);
    } else if (source instanceof Metrics x) {
      m.put("name", x.name());
      putIf(m, "attributes", x.attributes(), !x.attributes().isEmpty());
      m.put("type", spell(x.type()));
      x.quantile().ifPresent(q -> m.put("quantile", num(q)));
    } else if (source instanceof PrometheusQuery p) {
      putIf(m, "query", p.query(), !p.query().isEmpty());
      putIf(m, "errors", p.errorsQuery(), !p.errorsQuery().isEmpty());
      putIf(m, "total", p.totalQuery(), !p.totalQuery().isEmpty());
    } else if (source instanceof TestRun t) {
      m.put("measure", spell(t.measure()));
      putIf(
          m,
          t.measure() == TestRun.Measure.JMETER ? "label" : "metric",
          t.metric(),
          !t.metric().isEmpty());
      putIf(m, "stat", t.stat(), !t.stat().isEmpty());
      if (t.parity() != null) {
        m.put("service", t.parity().service());
        putIf(
            m,
            "environment",
            t.parity().environment(),
            !t.parity().environment().equals(LoadParity.DEFAULT_ENVIRONMENT));
        putIf(
            m,
            "window",
            Durations.format(t.parity().window()),
            !t.parity().window().equals(LoadParity.DEFAULT_WINDOW));
        putIf(
            m,
            "traffic",
            num(t.parity().traffic()),
            t.measure() == TestRun.Measure.PEAK_RATIO
                && t.parity().traffic() != LoadParity.DEFAULT_TRAFFIC);
      }
    } else if (source instanceof Scenarios sc) {
      m.put("measure", spell(sc.measure()));
      m.put("service", sc.service());
      putIf(m, "olderThanDays", sc.olderThanDays(), sc.olderThanDays() > 0);
    } else if (source instanceof Incidents in) {
      m.put("measure", spell(in.measure()));
      m.put("service", in.service());
      putIf(m, "withinDays", in.withinDays(), in.withinDays() > 0);
    } else if (source instanceof Parity p) {
      m.put("service", p.service());
      m.put("from", p.from());
      m.put("to", p.to());
      putIf(m, "window", Durations.format(p.window()), !p.window().equals(Parity.DEFAULT_WINDOW));
      putIf(
          m,
          "kinds",
          p.kinds().stream().sorted().map(k -> spell(k)).toList(),
          !p.kinds().isEmpty());
    }
    return m;
  }

  private static Map<String, Object> criterion(Criterion c) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (c instanceof Absolute a) {
      conditions(m, a.pass(), a.warn());
    } else if (c instanceof VsBaseline b) {
      m.put("mode", spell(b.mode()));
      conditions(m, b.pass(), b.warn());
      putIf(m, "minAbsoluteDelta", num(b.minAbsoluteDelta()), b.minAbsoluteDelta() > 0);
    } else if (c instanceof VsHistory h) {
      m.put("runs", h.runs());
      m.put("minRuns", h.minRuns());
      h.onlyOutcome().ifPresent(o -> m.put("outcome", spell(o)));
      m.put("aggregate", h.aggregate().toString());
      m.put("mode", spell(h.mode()));
      conditions(m, h.pass(), h.warn());
      putIf(m, "minAbsoluteDelta", num(h.minAbsoluteDelta()), h.minAbsoluteDelta() > 0);
      h.absolute().ifPresent(a -> m.put("absolute", criterion(a)));
    } else if (c instanceof Statistical s) {
      m.put("test", spell(s.test()));
      m.put("confidence", num(s.confidence()));
      putIf(m, "minEffect", num(s.minEffect()), s.minEffect() > 0);
      m.put("minSamples", s.minSamples());
      putIf(m, "quantile", num(s.quantile()), s.quantile() > 0);
      m.put("maxSamples", s.maxSamples());
      putIf(m, "tolerance", num(s.tolerance()), s.tolerance() > 0);
      putIf(m, "expectedEffect", num(s.expectedEffect()), s.expectedEffect() > 0);
    } else if (c instanceof Budget b) {
      m.put("objective", num(b.objective()));
      m.put("window", Durations.format(b.window()));
      m.put("mode", spell(b.mode()));
      putIf(m, "minEvents", b.minEvents(), b.minEvents() > 0);
      if (b.mode() == Budget.Mode.BURN_RATE
          && !b.burnWindows().equals(BurnWindow.defaults(b.window()))) {
        List<Object> windows = new ArrayList<>();
        for (BurnWindow w : b.burnWindows()) {
          Map<String, Object> x = new LinkedHashMap<>();
          x.put("long", Durations.format(w.longWindow()));
          x.put("short", Durations.format(w.shortWindow()));
          if (w.fromShare()) {
            x.put("share", num(w.budgetShare()));
          } else {
            x.put("factor", num(w.factor()));
          }
          x.put("severity", w.page() ? "page" : "ticket");
          windows.add(x);
        }
        m.put("windows", windows);
      }
      if (b.remainingPass().isPresent()) {
        Map<String, Object> r = new LinkedHashMap<>();
        conditions(r, b.remainingPass().get(), b.remainingWarn());
        m.put("remaining", r);
      }
    }
    return m;
  }

  private static void conditions(Map<String, Object> m, Condition pass, Optional<Condition> warn) {
    m.put("pass", pass.toString());
    warn.ifPresent(w -> m.put("warn", w.toString()));
  }

  private static void putIf(Map<String, Object> m, String key, Object value, boolean when) {
    if (when) {
      m.put(key, value);
    }
  }

  private static String spell(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  private static Object num(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
  }
}
