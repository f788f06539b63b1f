package io.tollgate.sim;

import io.tollgate.rules.check.IssuePrinter;
import io.tollgate.rules.model.Absolute;
import io.tollgate.rules.model.Criterion;
import io.tollgate.rules.model.Direction;
import io.tollgate.rules.model.Gate;
import io.tollgate.rules.model.Objective;
import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.Statistical;
import io.tollgate.rules.model.Traces;
import io.tollgate.rules.model.VsBaseline;
import io.tollgate.rules.parse.GateParser;
import io.tollgate.rules.parse.ParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * The gate as the simulator judges it: the SLIs it can feed (traces sources with thresholds and
 * statistical criteria), repeated {@code sliCopies} times, parsed by the real {@link GateParser}.
 * SLIs it cannot feed are left out and named in {@link #leftOut()}.
 *
 * <p>SLIs of one copy that read the same service and operation share one traffic stream, as the
 * service would read them from the same stored aggregates; each copy has its own streams.
 */
final class SimGate {
  /** What one simulated SLI reads from its traffic stream. */
  enum Feed {
    COUNTS,
    LATENCY
  }

  /**
   * One SLI of the simulated gate.
   *
   * @param name its name in the simulated gate
   * @param feed counts (error ratio, requests) or the latency sketch
   * @param stream the index of the traffic stream it reads
   * @param critical whether one of its criteria is key (Kayenta's "critical" metric)
   * @param quantile the quantile the SLI reduces latency to; empty for the mean
   * @param health whether it is an error ratio or latency, which the peer judges compare
   */
  record SimSli(
      String name,
      Feed feed,
      int stream,
      boolean critical,
      OptionalDouble quantile,
      boolean health,
      Direction direction) {}

  private final Gate gate;
  private final List<SimSli> slis;
  private final int streams;
  private final List<String> leftOut;

  private SimGate(Gate gate, List<SimSli> slis, int streams, List<String> leftOut) {
    this.gate = gate;
    this.slis = List.copyOf(slis);
    this.streams = streams;
    this.leftOut = List.copyOf(leftOut);
  }

  Gate gate() {
    return gate;
  }

  List<SimSli> slis() {
    return slis;
  }

  int streams() {
    return streams;
  }

  List<String> leftOut() {
    return leftOut;
  }

  static SimGate load(Path file, int copies) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read gate " + file, e);
    }
    ParseResult parsed = GateParser.parse(file.toString(), text);
    if (!parsed.ok()) {
      throw new ScenarioException(List.of(IssuePrinter.format(parsed.issues(), text)));
    }
    Gate original = parsed.gate().get();
    List<String> leftOut = new ArrayList<>();
    List<Sli> fed = new ArrayList<>();
    for (Sli s : original.slis()) {
      String why = whyNotFed(s);
      if (why == null) {
        fed.add(s);
      } else {
        leftOut.add(s.name() + " (" + why + ")");
      }
    }
    if (fed.isEmpty()) {
      throw new ScenarioException(
          List.of(file + ": the simulator can feed none of the gate's SLIs: " + leftOut));
    }
    List<SimSli> slis = new ArrayList<>();
    Map<String, Integer> streamOf = new LinkedHashMap<>();
    List<Object> yamlSlis = new ArrayList<>();
    Map<String, Object> yamlByName = slisByName(text);
    for (int c = 1; c <= copies; c++) {
      for (Sli s : fed) {
        Traces t = (Traces) s.source();
        String name = c == 1 ? s.name() : s.name() + "_c" + c;
        int stream =
            streamOf.computeIfAbsent(
                c + "\u0000" + t.service() + "\u0000" + t.operation(), k -> streamOf.size());
        boolean critical = s.objectives().stream().anyMatch(Objective::key);
        Feed feed = t.measure() == Traces.Measure.LATENCY ? Feed.LATENCY : Feed.COUNTS;
        slis.add(
            new SimSli(
                name,
                feed,
                stream,
                critical,
                t.quantile(),
                t.measure() != Traces.Measure.REQUESTS,
                s.direction()));
        @SuppressWarnings("unchecked")
        Map<String, Object> copy =
            new LinkedHashMap<>((Map<String, Object>) yamlByName.get(s.name()));
        copy.put("name", name);
        yamlSlis.add(copy);
      }
    }
    String simText = rewrite(text, yamlSlis);
    ParseResult sim = GateParser.parse(file + " (simulated)", simText);
    if (!sim.ok()) {
      throw new ScenarioException(List.of(IssuePrinter.format(sim.issues(), simText)));
    }
    return new SimGate(sim.gate().get(), slis, streamOf.size(), leftOut);
  }

  /** Null when the simulator can feed the SLI, else why not. */
  static String whyNotFed(Sli s) {
    if (!(s.source() instanceof Traces t)) {
      return s.source().kind() + " source: the simulator feeds traces SLIs only";
    }
    if (!t.filter().isEmpty()) {
      return "span attribute filters";
    }
    for (Objective o : s.objectives()) {
      Criterion c = o.criterion();
      if (!(c instanceof Absolute || c instanceof VsBaseline || c instanceof Statistical)) {
        return c.getClass().getSimpleName() + " criterion needs history or budget windows";
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> slisByName(String text) {
    Map<String, Object> doc = (Map<String, Object>) load(text);
    Map<String, Object> spec = (Map<String, Object>) doc.get("spec");
    Map<String, Object> out = new LinkedHashMap<>();
    for (Object o : (List<Object>) spec.get("slis")) {
      Map<String, Object> sli = (Map<String, Object>) o;
      out.put(String.valueOf(sli.get("name")), sli);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static String rewrite(String text, List<Object> slis) {
    Map<String, Object> doc = new LinkedHashMap<>((Map<String, Object>) load(text));
    Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) doc.get("spec"));
    spec.put("slis", slis);
    doc.put("spec", spec);
    return new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build())
        .dumpToString(doc);
  }

  private static Object load(String text) {
    return new Load(LoadSettings.builder().build()).loadFromString(text);
  }
}
