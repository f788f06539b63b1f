package io.tollgate.rules.parse;

import io.tollgate.rules.model.Binding;
import io.tollgate.rules.model.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Reads a gate's {@code spec.bindings}: what starts the gate without a pipeline call. */
final class BindingReader {
  /** At most this many bindings per gate. */
  static final int MAX_BINDINGS = 50;

  private final Issues issues;

  BindingReader(Issues issues) {
    this.issues = issues;
  }

  List<Binding> read(YamlMap spec) {
    List<Binding> out = new ArrayList<>();
    List<Node> items = spec.list("bindings");
    if (items.size() > MAX_BINDINGS) {
      issues.error(
          spec.node("bindings").orElseThrow(),
          "a gate has at most " + MAX_BINDINGS + " bindings, not " + items.size());
      return out;
    }
    for (Node item : items) {
      YamlMap.of(item, issues, "a binding").flatMap(this::one).ifPresent(out::add);
    }
    return out;
  }

  /** One binding, written as a mapping. */
  Optional<Binding> one(YamlMap raw) {
    YamlMap m =
        raw.allowOnly("trigger", "services", "environment", "flag", "watch", "every", "cron");
    Optional<Binding.Trigger> trigger =
        m.has("trigger")
            ? m.enumValue("trigger", Binding.Trigger.class)
            : missing(m, "trigger", "say 'deploy', 'flag' or 'schedule'");
    List<String> services = services(m);
    String environment =
        m.string("environment").map(String::strip).orElse(Binding.DEFAULT_ENVIRONMENT);
    if (environment.isEmpty() || environment.length() > 200) {
      issues.error(
          m.node("environment").orElseThrow(), "'environment' must have 1 to 200 characters");
    }
    Optional<String> flag = m.string("flag").map(String::strip);
    Optional<String> cron = m.string("cron").map(String::strip);
    for (String key : List.of("environment", "flag", "cron")) {
      m.string(key).ifPresent(v -> noNul(m.node(key).orElseThrow(), key, v));
    }
    flag.filter(f -> f.isEmpty() || f.length() > 200)
        .ifPresent(
            f ->
                issues.error(m.node("flag").orElseThrow(), "'flag' must have 1 to 200 characters"));
    Duration watch = duration(m, "watch", Binding.DEFAULT_WATCH);
    Duration every = duration(m, "every", Binding.DEFAULT_EVERY);
    if (trigger.isEmpty()) {
      return Optional.empty();
    }
    Binding.Trigger t = trigger.get();
    if (t != Binding.Trigger.FLAG && flag.isPresent()) {
      issues.error(
          m.node("flag").orElseThrow(), "'flag' belongs to a binding with 'trigger: flag'");
    }
    if (t != Binding.Trigger.SCHEDULE && cron.isPresent()) {
      issues.error(
          m.node("cron").orElseThrow(), "'cron' belongs to a binding with 'trigger: schedule'");
    }
    if (t == Binding.Trigger.SCHEDULE && cron.isPresent() && m.has("every")) {
      issues.error(m.node("cron").orElseThrow(), "write either 'every' or 'cron', not both");
    }
    cron.ifPresent(c -> checkCron(m.node("cron").orElseThrow(), c));
    if (t == Binding.Trigger.SCHEDULE && cron.isEmpty() && !m.has("every")) {
      m.missing("every", "a schedule needs 'every' (e.g. 1h) or 'cron'");
    }
    if (t == Binding.Trigger.SCHEDULE && every.compareTo(Duration.ofMinutes(1)) < 0) {
      issues.error(m.node("every").orElseThrow(), "a schedule runs at most once a minute");
    }
    if (t != Binding.Trigger.SCHEDULE && every.compareTo(watch) > 0) {
      issues.error(
          m.node("every").orElse(m.node()),
          "'every' must not be longer than 'watch' (" + Durations.format(watch) + ")");
    }
    if (services.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Binding(t, services, environment, flag, watch, every, cron, m.at()));
  }

  private Optional<Binding.Trigger> missing(YamlMap m, String key, String why) {
    m.missing(key, why);
    return Optional.empty();
  }

  private List<String> services(YamlMap m) {
    if (!m.has("services")) {
      m.missing("services", "name the services whose events start the gate");
      return List.of();
    }
    Node n = m.node("services").orElseThrow();
    List<Node> items = n instanceof SequenceNode s ? s.getValue() : List.of(n);
    Set<String> out = new LinkedHashSet<>();
    for (Node item : items) {
      if (item instanceof ScalarNode s
          && !s.getValue().isBlank()
          && s.getValue().length() <= 200
          && s.getValue().indexOf('\0') < 0) {
        out.add(s.getValue().strip());
      } else {
        issues.error(
            item, "a service is a name of 1 to 200 characters, got " + YamlMap.describe(item));
      }
    }
    if (out.isEmpty()) {
      issues.error(n, "'services' names no service");
    }
    if (out.size() > Binding.MAX_SERVICES) {
      issues.error(n, "a binding names at most " + Binding.MAX_SERVICES + " services");
      return List.of();
    }
    return List.copyOf(out);
  }

  private Duration duration(YamlMap m, String key, Duration fallback) {
    Optional<String> text = m.string(key);
    if (text.isEmpty()) {
      return fallback;
    }
    Optional<Duration> d = Durations.parse(text.get());
    Node at = m.node(key).orElseThrow();
    if (d.isEmpty()) {
      issues.error(at, "'" + key + "' must be a duration such as 30s, 5m or 1h");
      return fallback;
    }
    if (d.get().compareTo(Binding.MIN_EVERY) < 0 || d.get().compareTo(Binding.MAX_WATCH) > 0) {
      issues.error(at, "'" + key + "' must lie between 5s and 24h");
      return fallback;
    }
    return d.get();
  }

  private void noNul(Node at, String key, String value) {
    if (value.indexOf('\0') >= 0) {
      issues.error(at, "'" + key + "' must not contain the NUL character");
    }
  }

  /** Five fields (minute hour day-of-month month day-of-week) of digits and {@code * , - /}. */
  private void checkCron(Node at, String cron) {
    String[] fields = cron.trim().split("\\s+");
    if (fields.length != 5 || cron.length() > 100 || !cron.matches("[0-9*,/\\-\\s]+")) {
      issues.error(
          at,
          "'cron' must have five fields (minute hour day-of-month month day-of-week) of digits"
              + " and * , - /, e.g. \"0 */6 * * *\"");
    }
  }
}
