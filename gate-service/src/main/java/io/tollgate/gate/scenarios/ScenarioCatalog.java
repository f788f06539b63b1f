package io.tollgate.gate.scenarios;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.store.AuditLog;
import io.tollgate.ingest.signature.MessageNormalizer;
import io.tollgate.telemetry.aggregate.FailureSignature;
import io.tollgate.telemetry.store.AggregateReader;
import io.tollgate.telemetry.store.FirstVersions;
import io.tollgate.telemetry.store.SignatureReader;
import io.tollgate.telemetry.store.SignatureSummary;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The failure scenario catalog: production and canary scenarios from ingest's failure signatures,
 * test scenarios from failed test cases, k6 checks and thresholds and JMeter samples, each with its
 * coverage by recent tests and its triage.
 */
@Singleton
public class ScenarioCatalog {
  private final ScenarioStore store;
  private final AggregateReader reader;
  private final SignatureReader signatures;
  private final ScenarioProperties properties;
  private final TraceLinks traceLinks;
  private final AuditLog audit;
  private final AffectedSlis affected;
  private final Clock clock;

  ScenarioCatalog(
      ScenarioStore store,
      AggregateReader reader,
      SignatureReader signatures,
      ScenarioProperties properties,
      TraceLinks traceLinks,
      AuditLog audit,
      AffectedSlis affected,
      Clock clock) {
    this.store = store;
    this.reader = reader;
    this.signatures = signatures;
    this.properties = properties;
    this.traceLinks = traceLinks;
    this.audit = audit;
    this.affected = affected;
    this.clock = clock;
  }

  /** Which scenarios to list; null fields do not filter. */
  @Serdeable
  public record Filter(
      @Nullable Environment environment,
      @Nullable String service,
      @Nullable Coverage coverage,
      boolean newInCanary,
      @Nullable TriageState triage) {
    public static Filter all() {
      return new Filter(null, null, null, false, null);
    }

    boolean accepts(Scenario s) {
      return (environment == null || environment == s.environment())
          && (service == null || service.equals(s.service()))
          && (coverage == null || coverage == s.coverage())
          && (!newInCanary || s.newInCanary())
          && (triage == null
              || (s.triage() == null ? TriageState.TO_INVESTIGATE : s.triage().state()) == triage);
    }
  }

  /** One failure count of a scenario: per minute and track, or per test run. */
  @Serdeable
  public record Point(Instant at, String source, long failures) {}

  /** A scenario with its timeline over the catalog window and the gate SLIs it counts against. */
  @Serdeable
  public record Detail(
      Scenario scenario, List<Point> timeline, List<AffectedSlis.Ref> affectedSlis) {
    /** The detail as a reader is shown it (see {@link Scenario#shownWith}). */
    public Detail shownWith(java.util.function.UnaryOperator<String> show) {
      return new Detail(scenario.shownWith(show), timeline, affectedSlis);
    }
  }

  public List<Scenario> list(Filter filter) {
    try {
      Instant now = clock.instant();
      Instant from = now.minus(properties.getWindow());
      TestLinks links = new TestLinks(store.mappingRules());
      List<Scenario> out = new ArrayList<>();
      if (filter.environment() != Environment.TEST) {
        for (String service : signatures.services(from)) {
          if (filter.service() == null || filter.service().equals(service)) {
            out.addAll(traced(service, from, now, links));
          }
        }
      }
      if (filter.environment() == null || filter.environment() == Environment.TEST) {
        out.addAll(tested(from, filter.service(), links));
      }
      Map<String, Triage> triages = store.triages();
      List<TriageRule> rules = store.triageRules();
      return out.stream()
          .map(s -> s.withTriage(triageOf(s, triages, rules)))
          .filter(filter::accepts)
          .sorted(
              Comparator.comparing(Scenario::environment)
                  .thenComparing(Scenario::lastSeen, Comparator.reverseOrder())
                  .thenComparing(Scenario::id))
          .toList();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read failure scenarios", e);
    }
  }

  public Detail get(String id) {
    Scenario s =
        list(Filter.all()).stream()
            .filter(x -> x.id().equals(id))
            .findFirst()
            .orElseThrow(() -> ProblemException.notFound("scenario " + id));
    return new Detail(
        s, timeline(s), s.environment() == Environment.TEST ? List.of() : affected.of(s));
  }

  public Detail triage(
      String id,
      TriageState state,
      @Nullable String owner,
      @Nullable String ticketUrl,
      @Nullable String comment,
      String who) {
    Scenario s = get(id).scenario();
    Triage t =
        new Triage(
            state, blank(owner), blank(ticketUrl), blank(comment), who, clock.instant(), null);
    try {
      store.saveTriage(s.id(), t);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store triage", e);
    }
    audit.record(
        who,
        "scenario.triage",
        s.id(),
        state.id()
            + (t.owner() == null ? "" : " owner=" + t.owner())
            + (t.ticketUrl() == null ? "" : " ticket=" + t.ticketUrl()));
    return get(id);
  }

  public List<TriageRule> triageRules() {
    try {
      return store.triageRules();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read triage rules", e);
    }
  }

  public TriageRule addTriageRule(TriageRule rule) {
    try {
      long id = store.addTriageRule(rule);
      audit.record(
          rule.createdBy(),
          "scenario.triage-rule.add",
          "triage-rule/" + id,
          rule.pattern().pattern());
      return store.triageRules().stream().filter(r -> r.id() == id).findFirst().orElseThrow();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store triage rule", e);
    }
  }

  public List<MappingRule> mappingRules() {
    try {
      return store.mappingRules();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read mapping rules", e);
    }
  }

  public MappingRule addMappingRule(MappingRule rule) {
    try {
      long id = store.addMappingRule(rule);
      audit.record(
          rule.createdBy(),
          "scenario.mapping-rule.add",
          "mapping-rule/" + id,
          rule.pattern().pattern() + " -> " + rule.service() + " " + rule.operation());
      return store.mappingRules().stream().filter(r -> r.id() == id).findFirst().orElseThrow();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store mapping rule", e);
    }
  }

  public void deleteRule(boolean mapping, long id, String who) {
    try {
      String table = mapping ? "scenario_mapping_rule" : "scenario_triage_rule";
      if (!store.deleteRule(table, id)) {
        throw ProblemException.notFound((mapping ? "mapping rule " : "triage rule ") + id);
      }
      audit.record(
          who,
          "scenario." + (mapping ? "mapping" : "triage") + "-rule.delete",
          String.valueOf(id),
          null);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot delete rule", e);
    }
  }

  private static Triage triageOf(Scenario s, Map<String, Triage> triages, List<TriageRule> rules) {
    Triage explicit = triages.get(s.id());
    if (explicit != null) {
      return explicit;
    }
    return rules.stream()
        .filter(r -> r.matches(s))
        .findFirst()
        .map(TriageRule::triage)
        .orElse(null);
  }

  private List<Scenario> traced(String service, Instant from, Instant now, TestLinks links)
      throws SQLException {
    List<SignatureSummary> summaries =
        reader.signatures(service, from, now.plus(1, ChronoUnit.MINUTES));
    List<TestEvidence> evidence = evidence(service, now, links);
    // one query (per chunk of signatures) for the whole service, not one per scenario
    Map<String, FirstVersions> introduced =
        signatures.firstVersions(summaries.stream().map(SignatureSummary::id).toList());
    List<Scenario> out = new ArrayList<>();
    for (SignatureSummary s : summaries) {
      long canary = s.failuresByTrack().getOrDefault("canary", 0L);
      long other = s.failures() - canary;
      FirstVersions first = introduced.get(s.id());
      if (other > 0) {
        out.add(
            traced(
                s,
                Environment.PRODUCTION,
                other,
                false,
                evidence,
                first == null ? null : first.other()));
      }
      if (canary > 0) {
        out.add(
            traced(
                s,
                Environment.CANARY,
                canary,
                other == 0,
                evidence,
                first == null ? null : first.canary()));
      }
    }
    return out;
  }

  private Scenario traced(
      SignatureSummary s,
      Environment env,
      long failures,
      boolean newInCanary,
      List<TestEvidence> evidence,
      @Nullable String introducedIn) {
    FailureSignature sig = s.signature();
    CoverageCalculator.Result coverage = CoverageCalculator.of(sig, evidence);
    List<Scenario.Exemplar> exemplars =
        s.exemplars().stream()
            .map(e -> e.split(":", 2))
            .map(
                p ->
                    new Scenario.Exemplar(
                        p[0],
                        p.length > 1 ? p[1] : "",
                        traceLinks.url(p[0], p.length > 1 ? p[1] : "")))
            .toList();
    return new Scenario(
        env.id() + "-" + s.id(),
        env,
        s.id(),
        sig.service(),
        sig.spanKind(),
        sig.operation(),
        sig.errorClass(),
        sig.message(),
        sig.message().isEmpty() ? sig.errorClass() : sig.message(),
        failures,
        s.firstSeen(),
        s.lastSeen(),
        introducedIn,
        newInCanary,
        exemplars,
        coverage.coverage(),
        refs(coverage.covering()),
        refs(coverage.touching()),
        null);
  }

  /** What recent tests of {@code service} exercised and which failures they saw. */
  private List<TestEvidence> evidence(String service, Instant now, TestLinks links)
      throws SQLException {
    Instant since = now.minus(properties.getCoverageWindow());
    List<TestEvidence> out = new ArrayList<>();
    for (ScenarioStore.CaseRecord c : store.testCases(service, since)) {
      TestKey key = TestKey.ofCase(c.suite(), c.className(), c.name());
      String op = links.operation(service, key);
      if (op != null) {
        out.add(
            new TestEvidence(
                key, service, op, c.runId(), c.version(), c.at(), false, Set.of(), ""));
      }
    }
    for (ScenarioStore.FailureRecord f : store.testFailures(since, service)) {
      TestKey key = TestKey.ofFailure(f.source(), f.name(), f.errorClass());
      String op = links.operation(service, key);
      if (op != null) {
        String errorClass = FailureModes.errorClass(f.errorClass());
        out.add(
            new TestEvidence(
                key,
                service,
                op,
                f.runId(),
                f.version(),
                f.at(),
                true,
                FailureModes.of(f.errorClass(), f.message()),
                FailureModes.template(errorClass, f.message())));
      }
    }
    return out;
  }

  private List<Scenario> tested(Instant from, @Nullable String service, TestLinks links)
      throws SQLException {
    record Group(FailureSignature sig, List<ScenarioStore.FailureRecord> rows, Set<TestKey> keys) {}
    Map<String, Group> groups = new LinkedHashMap<>();
    for (ScenarioStore.FailureRecord f : store.testFailures(from, service)) {
      TestKey key = TestKey.ofFailure(f.source(), f.name(), f.errorClass());
      FailureSignature sig = testSignature(f, links);
      Group g =
          groups.computeIfAbsent(
              sig.id(), k -> new Group(sig, new ArrayList<>(), new LinkedHashSet<>()));
      g.rows().add(f);
      g.keys().add(key);
    }
    List<Scenario> out = new ArrayList<>();
    for (Map.Entry<String, Group> e : groups.entrySet()) {
      Group g = e.getValue();
      List<ScenarioStore.FailureRecord> rows = g.rows();
      ScenarioStore.FailureRecord first = rows.get(0);
      ScenarioStore.FailureRecord last = rows.get(rows.size() - 1);
      List<Scenario.TestRef> tests = new ArrayList<>();
      Set<String> seen = new LinkedHashSet<>();
      for (int i = rows.size() - 1; i >= 0; i--) {
        ScenarioStore.FailureRecord f = rows.get(i);
        TestKey key = TestKey.ofFailure(f.source(), f.name(), f.errorClass());
        if (seen.add(key.kind() + key.key())) {
          tests.add(
              new Scenario.TestRef(
                  key.kind().id(), key.key(), f.runId(), f.version(), f.at(), true));
        }
      }
      out.add(
          new Scenario(
              Environment.TEST.id() + "-" + e.getKey(),
              Environment.TEST,
              e.getKey(),
              g.sig().service(),
              g.sig().spanKind(),
              g.sig().operation(),
              g.sig().errorClass(),
              g.sig().message(),
              last.message().isEmpty() ? g.sig().errorClass() : last.message(),
              rows.stream().mapToLong(ScenarioStore.FailureRecord::occurrences).sum(),
              first.at(),
              last.at(),
              first.version(),
              false,
              List.of(),
              Coverage.TEST,
              tests,
              List.of(),
              null));
    }
    return out;
  }

  private List<Point> timeline(Scenario s) {
    Instant now = clock.instant();
    Instant from = now.minus(properties.getWindow());
    try {
      if (s.environment() == Environment.TEST) {
        Map<String, Point> byRun = new LinkedHashMap<>();
        TestLinks links = new TestLinks(store.mappingRules());
        for (ScenarioStore.FailureRecord f : store.testFailures(from, s.service())) {
          if (testSignature(f, links).id().equals(s.signatureId())) {
            byRun.merge(
                "run " + f.runId(),
                new Point(f.at(), "run " + f.runId(), f.occurrences()),
                (a, b) -> new Point(a.at(), a.source(), a.failures() + b.failures()));
          }
        }
        return List.copyOf(byRun.values());
      }
      return signatures
          .minutes(List.of(s.signatureId()), from, now.plus(1, ChronoUnit.MINUTES))
          .stream()
          .filter(m -> Environment.ofTrack(m.track()) == s.environment())
          .map(m -> new Point(m.minute(), m.track(), m.failures()))
          .toList();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the scenario timeline", e);
    }
  }

  /**
   * The signature of a test failure, in production's terms: the operation the test exercises (its
   * own name when no rule links it), the error class as ingest would name it, the message template.
   */
  static FailureSignature testSignature(ScenarioStore.FailureRecord f, TestLinks links) {
    TestKey key = TestKey.ofFailure(f.source(), f.name(), f.errorClass());
    String op = Optional.ofNullable(links.operation(f.service(), key)).orElse(key.key());
    String errorClass = FailureModes.errorClass(f.errorClass());
    return new FailureSignature(
        f.service(),
        "TEST",
        op,
        errorClass,
        FailureModes.template(errorClass, f.message()),
        MessageNormalizer.VERSION);
  }

  private static List<Scenario.TestRef> refs(List<TestEvidence> evidence) {
    Map<String, Scenario.TestRef> latest = new LinkedHashMap<>();
    evidence.stream()
        .sorted(Comparator.comparing(TestEvidence::at).reversed())
        .forEach(
            e ->
                latest.putIfAbsent(
                    e.test().kind() + e.test().key(),
                    new Scenario.TestRef(
                        e.test().kind().id(),
                        e.test().key(),
                        e.runId(),
                        e.version(),
                        e.at(),
                        e.failed())));
    return List.copyOf(latest.values());
  }

  @Nullable
  private static String blank(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
