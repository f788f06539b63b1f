package io.tollgate.gate.scenarios;

import io.micronaut.core.annotation.Nullable;
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
import java.util.TreeMap;

/**
 * Builds scenarios from their sources: production and canary scenarios from failure signatures
 * (through telemetry-store's readers), test scenarios from stored test failures, each traced one
 * with its coverage by the recent tests of its service. The catalog stores what this builds.
 */
@Singleton
class CatalogBuilder {
  private final ScenarioStore store;
  private final AggregateReader reader;
  private final SignatureReader signatures;
  private final ScenarioProperties properties;
  private final TraceLinks traceLinks;
  private final TraceEvidence traceEvidence;
  private final Clock clock;

  CatalogBuilder(
      ScenarioStore store,
      AggregateReader reader,
      SignatureReader signatures,
      ScenarioProperties properties,
      TraceLinks traceLinks,
      TraceEvidence traceEvidence,
      Clock clock) {
    this.traceEvidence = traceEvidence;
    this.store = store;
    this.reader = reader;
    this.signatures = signatures;
    this.properties = properties;
    this.traceLinks = traceLinks;
    this.clock = clock;
  }

  /** The start of the catalog window: scenarios last seen before it are not listed. */
  Instant since() {
    return clock.instant().minus(properties.getWindow());
  }

  /** Every traced scenario of {@code service} in the window. */
  List<Scenario> traced(String service, TestLinks links) throws SQLException {
    Instant now = clock.instant();
    return traced(service, now.minus(properties.getWindow()), now, links);
  }

  /** The traced scenarios of the given signatures (of any services) in the window. */
  List<Scenario> tracedOf(Set<String> signatureIds, TestLinks links) throws SQLException {
    Instant now = clock.instant();
    Map<String, List<SignatureSummary>> byService = new TreeMap<>();
    for (SignatureSummary s :
        signatures.summaries(
            signatureIds, now.minus(properties.getWindow()), now.plus(1, ChronoUnit.MINUTES))) {
      byService.computeIfAbsent(s.signature().service(), k -> new ArrayList<>()).add(s);
    }
    List<Scenario> out = new ArrayList<>();
    for (Map.Entry<String, List<SignatureSummary>> e : byService.entrySet()) {
      out.addAll(traced(e.getValue(), evidence(e.getKey(), now, links)));
    }
    return out;
  }

  /** The services with traced failures in the window. */
  List<String> tracedServices() throws SQLException {
    return signatures.services(since());
  }

  /** The test scenarios (of {@code service}, or all when null) in the window. */
  List<Scenario> tested(@Nullable String service, TestLinks links) throws SQLException {
    return tested(since(), service, links);
  }

  TestLinks links() throws SQLException {
    return new TestLinks(store.mappingRules());
  }

  private List<Scenario> traced(String service, Instant from, Instant now, TestLinks links)
      throws SQLException {
    return traced(
        reader.signatures(service, from, now.plus(1, ChronoUnit.MINUTES)),
        evidence(service, now, links));
  }

  private List<Scenario> traced(List<SignatureSummary> summaries, List<TestEvidence> evidence)
      throws SQLException {
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
    List<Scenario.Exemplar> exemplars = s.exemplars().stream().map(traceLinks::exemplar).toList();
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
                key,
                service,
                op,
                c.runId(),
                c.version(),
                c.at(),
                false,
                Set.of(),
                "",
                links.via(service, key)));
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
                FailureModes.template(errorClass, f.message()),
                links.via(service, key)));
      }
    }
    out.addAll(traceEvidence.of(service, since, now));
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

  List<ScenarioCatalog.Point> timeline(Scenario s) {
    Instant now = clock.instant();
    Instant from = now.minus(properties.getWindow());
    try {
      if (s.environment() == Environment.TEST) {
        Map<String, ScenarioCatalog.Point> byRun = new LinkedHashMap<>();
        TestLinks links = new TestLinks(store.mappingRules());
        for (ScenarioStore.FailureRecord f : store.testFailures(from, s.service())) {
          if (testSignature(f, links).id().equals(s.signatureId())) {
            byRun.merge(
                "run " + f.runId(),
                new ScenarioCatalog.Point(f.at(), "run " + f.runId(), f.occurrences()),
                (a, b) ->
                    new ScenarioCatalog.Point(a.at(), a.source(), a.failures() + b.failures()));
          }
        }
        return List.copyOf(byRun.values());
      }
      return signatures
          .minutes(List.of(s.signatureId()), from, now.plus(1, ChronoUnit.MINUTES))
          .stream()
          .filter(m -> Environment.ofTrack(m.track()) == s.environment())
          .map(m -> new ScenarioCatalog.Point(m.minute(), m.track(), m.failures()))
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
        // a test known by its spans is linked by them, rules and labels are the fallback
        .sorted(
            Comparator.comparing((TestEvidence e) -> e.via() != CoverageLink.TRACE)
                .thenComparing(TestEvidence::at, Comparator.reverseOrder()))
        .forEach(
            e ->
                latest.putIfAbsent(
                    e.test().key(),
                    new Scenario.TestRef(
                        e.test().kind().id(),
                        e.test().key(),
                        e.runId(),
                        e.version(),
                        e.at(),
                        e.failed(),
                        e.via().id(),
                        e.traces())));
    return List.copyOf(latest.values());
  }
}
