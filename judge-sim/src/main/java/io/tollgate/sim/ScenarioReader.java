package io.tollgate.sim;

import io.tollgate.rules.model.Durations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoublePredicate;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a scenario file (the format of {@code bench/judge-sim.sh}, see docs/benchmarks.md). Unknown
 * keys, missing required keys and out-of-range values are all reported at once, each with its
 * position.
 */
public final class ScenarioReader {
  static final Set<String> TOP =
      Set.of(
          "name",
          "gate",
          "sliCopies",
          "runs",
          "seed",
          "interval",
          "intervals",
          "requests",
          "canaryShare",
          "errorRate",
          "canaryErrorFactor",
          "latency",
          "argo");
  static final List<String> REQUIRED = List.of("name", "gate", "runs", "intervals", "requests");
  static final Set<String> LATENCY =
      Set.of("median", "sigma", "clusterSd", "canaryFactor", "canarySigmaFactor");
  static final Set<String> ARGO = Set.of("maxErrorRatio", "maxLatencyFactor", "failureLimit");

  private final String label;
  private final List<String> problems = new ArrayList<>();

  private ScenarioReader(String label) {
    this.label = label;
  }

  /** Reads the scenario in {@code file}. */
  public static Scenario read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read scenario " + file, e);
    }
    return parse(file, text);
  }

  /** Parses {@code text} as if read from {@code file} (the gate is resolved against its folder). */
  public static Scenario parse(Path file, String text) {
    return new ScenarioReader(file.toString()).scenario(file, text);
  }

  private Scenario scenario(Path file, String text) {
    Optional<Node> root;
    try {
      root = new Compose(LoadSettings.builder().setLabel(label).build()).composeString(text);
    } catch (YamlEngineException e) {
      throw new ScenarioException(List.of(label + ": not valid YAML: " + e.getMessage()));
    }
    if (root.isEmpty() || !(root.get() instanceof MappingNode top)) {
      throw new ScenarioException(List.of(label + ":1:1: a scenario is a YAML mapping"));
    }
    Map<String, Node> m = keys(top, TOP, "scenario");
    for (String k : REQUIRED) {
      if (!m.containsKey(k)) {
        problems.add(at(top) + ": missing required key '" + k + "'");
      }
    }
    String name = string(m, "name").orElse("?");
    String gateText = string(m, "gate").orElse("?");
    int copies = (int) integer(m, "sliCopies", 1, 1, 1000);
    int runs = (int) integer(m, "runs", -1, 1, 1_000_000);
    long seed = integer(m, "seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
    Duration interval = duration(m, "interval");
    int intervals = (int) integer(m, "intervals", -1, 1, 100_000);
    int requests = (int) integer(m, "requests", -1, 1, 10_000_000);
    Scenario.Schedule share =
        schedule(m, "canaryShare", "share", v -> v > 0 && v < 1, "in (0, 1)", 0.5);
    Scenario.Schedule rate =
        schedule(m, "errorRate", "rate", v -> v >= 0 && v <= 1, "in [0, 1]", 0.01);
    double factor = number(m, "canaryErrorFactor", 1, v -> v >= 0, ">= 0");
    Scenario.Latency latency = latency(m.get("latency"));
    Scenario.ArgoThreshold argo = argo(m.get("argo"));
    if (!problems.isEmpty()) {
      throw new ScenarioException(problems);
    }
    Path dir = file.toAbsolutePath().getParent();
    return new Scenario(
        name,
        file,
        dir.resolve(gateText).normalize(),
        copies,
        runs,
        seed,
        interval,
        intervals,
        requests,
        share,
        rate,
        factor,
        latency,
        argo);
  }

  private Scenario.Latency latency(Node node) {
    if (node == null) {
      return Scenario.Latency.DEFAULT;
    }
    if (!(node instanceof MappingNode map)) {
      problems.add(at(node) + ": 'latency' is a mapping");
      return Scenario.Latency.DEFAULT;
    }
    Map<String, Node> m = keys(map, LATENCY, "latency");
    Scenario.Latency d = Scenario.Latency.DEFAULT;
    return new Scenario.Latency(
        number(m, "median", d.median(), v -> v > 0, "> 0"),
        number(m, "sigma", d.sigma(), v -> v >= 0, ">= 0"),
        number(m, "clusterSd", d.clusterSd(), v -> v >= 0, ">= 0"),
        number(m, "canaryFactor", d.canaryFactor(), v -> v > 0, "> 0"),
        number(m, "canarySigmaFactor", d.canarySigmaFactor(), v -> v > 0, "> 0"));
  }

  private Scenario.ArgoThreshold argo(Node node) {
    Scenario.ArgoThreshold d = Scenario.ArgoThreshold.DEFAULT;
    if (node == null) {
      return d;
    }
    if (!(node instanceof MappingNode map)) {
      problems.add(at(node) + ": 'argo' is a mapping");
      return d;
    }
    Map<String, Node> m = keys(map, ARGO, "argo");
    return new Scenario.ArgoThreshold(
        number(m, "maxErrorRatio", d.maxErrorRatio(), v -> v >= 0, ">= 0"),
        number(m, "maxLatencyFactor", d.maxLatencyFactor(), v -> v > 0, "> 0"),
        (int) integer(m, "failureLimit", d.failureLimit(), 0, 1_000_000));
  }

  private Scenario.Schedule schedule(
      Map<String, Node> m,
      String key,
      String valueKey,
      DoublePredicate ok,
      String range,
      double dflt) {
    Node node = m.get(key);
    if (node == null) {
      return Scenario.Schedule.constant(dflt);
    }
    if (node instanceof ScalarNode) {
      // a constant may be written as a single number
      double v = number(m, key, dflt, ok, range);
      return Scenario.Schedule.constant(v);
    }
    if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
      problems.add(at(node) + ": '" + key + "' is a list of {from, " + valueKey + "} steps");
      return Scenario.Schedule.constant(dflt);
    }
    List<Scenario.Step> steps = new ArrayList<>();
    int before = problems.size();
    for (Node item : seq.getValue()) {
      if (!(item instanceof MappingNode step)) {
        problems.add(at(item) + ": a '" + key + "' step is a mapping {from, " + valueKey + "}");
        continue;
      }
      Map<String, Node> s = keys(step, Set.of("from", valueKey), key + " step");
      if (!s.containsKey("from") || !s.containsKey(valueKey)) {
        problems.add(at(step) + ": a '" + key + "' step needs 'from' and '" + valueKey + "'");
        continue;
      }
      long from = integer(s, "from", -1, 0, Integer.MAX_VALUE);
      double v = number(s, valueKey, Double.NaN, ok, range);
      if (from < 0 || Double.isNaN(v)) {
        continue; // already reported
      }
      if (!steps.isEmpty() && from <= steps.get(steps.size() - 1).from()) {
        problems.add(at(step) + ": '" + key + "' steps must have increasing 'from'");
        continue;
      }
      if (steps.isEmpty() && from != 0) {
        problems.add(at(step) + ": the first '" + key + "' step must be 'from: 0'");
        continue;
      }
      steps.add(new Scenario.Step((int) from, v));
    }
    return problems.size() > before || steps.isEmpty()
        ? Scenario.Schedule.constant(dflt)
        : new Scenario.Schedule(steps);
  }

  /** The mapping's entries by key; unknown and duplicate keys are problems. */
  private Map<String, Node> keys(MappingNode map, Set<String> allowed, String what) {
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : map.getValue()) {
      Node k = t.getKeyNode();
      String key = k instanceof ScalarNode s ? s.getValue() : String.valueOf(k);
      if (!allowed.contains(key)) {
        problems.add(
            at(k)
                + ": unknown key '"
                + key
                + "' in "
                + what
                + " (allowed: "
                + String.join(", ", allowed.stream().sorted().toList())
                + ")");
      } else if (out.putIfAbsent(key, t.getValueNode()) != null) {
        problems.add(at(k) + ": duplicate key '" + key + "'");
      }
    }
    return out;
  }

  private Optional<String> string(Map<String, Node> m, String key) {
    Node n = m.get(key);
    if (n == null) {
      return Optional.empty();
    }
    if (!(n instanceof ScalarNode s) || s.getValue().isBlank()) {
      problems.add(at(n) + ": '" + key + "' is a non-empty text");
      return Optional.empty();
    }
    return Optional.of(s.getValue());
  }

  private long integer(Map<String, Node> m, String key, long dflt, long min, long max) {
    Node n = m.get(key);
    if (n == null) {
      return dflt;
    }
    try {
      long v = Long.parseLong(scalar(n).replace("_", ""));
      if (v < min || v > max) {
        problems.add(at(n) + ": '" + key + "' must be in [" + min + ", " + max + "], got " + v);
        return dflt;
      }
      return v;
    } catch (NumberFormatException e) {
      problems.add(at(n) + ": '" + key + "' is a whole number, got '" + scalar(n) + "'");
      return dflt;
    }
  }

  private double number(
      Map<String, Node> m, String key, double dflt, DoublePredicate ok, String range) {
    Node n = m.get(key);
    if (n == null) {
      return dflt;
    }
    try {
      double v = Double.parseDouble(scalar(n).replace("_", ""));
      if (!Double.isFinite(v) || !ok.test(v)) {
        problems.add(at(n) + ": '" + key + "' must be " + range + ", got " + scalar(n));
        return dflt;
      }
      return v;
    } catch (NumberFormatException e) {
      problems.add(at(n) + ": '" + key + "' is a number, got '" + scalar(n) + "'");
      return dflt;
    }
  }

  private Duration duration(Map<String, Node> m, String key) {
    Node n = m.get(key);
    if (n == null) {
      return Duration.ofMinutes(1);
    }
    Optional<Duration> d = Durations.parse(scalar(n));
    if (d.isEmpty()) {
      problems.add(
          at(n) + ": '" + key + "' is a duration such as 30s or 1m, got '" + scalar(n) + "'");
      return Duration.ofMinutes(1);
    }
    return d.get();
  }

  private static String scalar(Node n) {
    return n instanceof ScalarNode s ? s.getValue().trim() : "<" + n.getNodeType() + ">";
  }

  private String at(Node n) {
    return n.getStartMark()
        .map(mk -> label + ":" + (mk.getLine() + 1) + ":" + (mk.getColumn() + 1))
        .orElse(label);
  }
}
