package io.tollgate.gate.scenarios;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.store.AuditLog;
import io.tollgate.telemetry.store.SignatureChanges;
import io.tollgate.telemetry.store.SignatureReader;
import io.tollgate.telemetry.store.TestTrafficChanges;
import io.tollgate.telemetry.store.TestTrafficReader;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failure scenario catalog: production and canary scenarios from ingest's failure signatures,
 * test scenarios from failed test cases, k6 checks and thresholds and JMeter samples, each with its
 * coverage by recent tests and its triage.
 *
 * <p>A read model ({@link CatalogTable}): reads are indexed, filtered, keyset-paged queries. Each
 * read first folds in the failure counts and test traffic ingest appended since the last one (by
 * batch offset, per partition), a stored test run updates its service, rule changes update what
 * they affect, and a periodic rebuild ages counts out of the window ({@link CatalogRefreshJob}).
 */
@Singleton
public class ScenarioCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(ScenarioCatalog.class);

  /** Beyond this many changed signatures, catching up rebuilds the catalog instead. */
  static final int MAX_CHANGES = 20_000;

  /** Beyond this many services with new test traffic, catching up rebuilds the catalog instead. */
  static final int MAX_TESTED_SERVICES = 200;

  private final ScenarioStore store;
  private final CatalogTable table;
  private final CatalogBuilder builder;
  private final SignatureReader signatures;
  private final TestTrafficReader testTraffic;
  private final AuditLog audit;
  private final AffectedSlis affected;
  private final Clock clock;
  private final ReentrantLock refreshing = new ReentrantLock();

  ScenarioCatalog(
      ScenarioStore store,
      CatalogTable table,
      CatalogBuilder builder,
      SignatureReader signatures,
      TestTrafficReader testTraffic,
      AuditLog audit,
      AffectedSlis affected,
      Clock clock) {
    this.store = store;
    this.table = table;
    this.builder = builder;
    this.signatures = signatures;
    this.testTraffic = testTraffic;
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

  /**
   * One page of the scenarios matching {@code filter}, in list order (environment, newest last
   * sighting first, id), after {@code after}; reads the stored catalog after folding in what
   * arrived since the last read.
   */
  public List<Scenario> page(Filter filter, @Nullable ScenarioCursor after, int limit) {
    catchUp();
    return stored(filter, after, limit);
  }

  /** A page of the stored catalog as it is, without folding anything in first. */
  private List<Scenario> stored(Filter filter, @Nullable ScenarioCursor after, int limit) {
    try {
      return withTriage(table.page(filter, builder.since(), after, limit));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read failure scenarios", e);
    }
  }

  /**
   * Every scenario matching {@code filter}, read page by page after one catch-up. For filters
   * narrowed to a service (the gate sources, decision pages); lists for people are paged.
   */
  public List<Scenario> list(Filter filter) {
    catchUp();
    List<Scenario> out = new ArrayList<>();
    ScenarioCursor after = null;
    while (true) {
      List<Scenario> page = stored(filter, after, 1000);
      out.addAll(page);
      if (page.size() < 1000) {
        return out;
      }
      after = ScenarioCursor.of(page.get(page.size() - 1));
    }
  }

  /** How many scenarios match {@code filter}. */
  public long count(Filter filter) {
    catchUp();
    try {
      return table.count(filter, builder.since());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count failure scenarios", e);
    }
  }

  /** The services with scenarios in the catalog window, sorted. */
  public List<String> services() {
    catchUp();
    try {
      return table.services(builder.since());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read failure scenarios", e);
    }
  }

  public Detail get(String id) {
    catchUp();
    Scenario s;
    try {
      CatalogTable.Entry e = table.get(id);
      if (e == null || e.scenario().lastSeen().isBefore(builder.since())) {
        throw ProblemException.notFound("scenario " + id);
      }
      s = withTriage(List.of(e)).get(0);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read failure scenarios", e);
    }
    return new Detail(
        s, builder.timeline(s), s.environment() == Environment.TEST ? List.of() : affected.of(s));
  }

  /**
   * Folds the failure counts and the test traffic appended since the last call into the stored
   * catalog: the changed signatures' scenarios are rebuilt, and every traced scenario of a service
   * with new test spans (its coverage by trace may have changed); nothing else is read. Builds the
   * whole catalog the first time, or when more than {@value #MAX_CHANGES} signatures or {@value
   * #MAX_TESTED_SERVICES} tested services changed. A failure is logged and leaves the stored
   * catalog as it was; the next call retries.
   */
  public void catchUp() {
    refreshing.lock();
    try {
      Map<String, Long> marks = table.marks();
      if (!marks.containsKey(CatalogTable.BUILT)) {
        rebuild();
        return;
      }
      marks.remove(CatalogTable.BUILT);
      Map<String, Long> testMarks = TestTrafficMarks.take(marks);
      SignatureChanges changes = signatures.changes(marks, MAX_CHANGES);
      TestTrafficChanges tested = testTraffic.changes(testMarks, MAX_TESTED_SERVICES);
      if (!changes.complete() || !tested.complete()) {
        rebuild();
        return;
      }
      if (changes.signatureIds().isEmpty()
          && changes.watermarks().equals(marks)
          && tested.services().isEmpty()
          && tested.watermarks().equals(testMarks)) {
        return;
      }
      TestLinks links = builder.links();
      List<TriageRule> rules = store.triageRules();
      List<Scenario> scenarios = new ArrayList<>();
      for (Scenario s : builder.tracedOf(changes.signatureIds(), links)) {
        if (!tested.services().contains(s.service())) {
          scenarios.add(s);
        }
      }
      for (String service : tested.services()) {
        scenarios.addAll(builder.traced(service, links));
      }
      Map<String, Long> next = new HashMap<>(changes.watermarks());
      next.putAll(TestTrafficMarks.stored(tested.watermarks()));
      table.replace(
          CatalogTable.Replacement.signaturesAndServices(changes.signatureIds(), tested.services()),
          entries(scenarios, rules),
          next,
          clock.instant());
    } catch (SQLException | RuntimeException e) {
      LOG.warn("could not fold new failure counts into the scenario catalog; retrying later", e);
    } finally {
      refreshing.unlock();
    }
  }

  /**
   * Builds the whole catalog anew: every traced service's scenarios and every test scenario in the
   * window. Run when the catalog was never built, when mapping rules change (coverage of every
   * scenario may change) and periodically, so counts age out of the window.
   */
  public void rebuild() {
    refreshing.lock();
    try {
      Map<String, Long> marks = new HashMap<>(signatures.watermarks());
      marks.putAll(TestTrafficMarks.stored(testTraffic.watermarks()));
      TestLinks links = builder.links();
      List<TriageRule> rules = store.triageRules();
      List<Scenario> all = new ArrayList<>();
      for (String service : builder.tracedServices()) {
        all.addAll(builder.traced(service, links));
      }
      all.addAll(builder.tested(null, links));
      marks.put(CatalogTable.BUILT, 1L);
      table.replace(
          CatalogTable.Replacement.everything(), entries(all, rules), marks, clock.instant());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot build the scenario catalog", e);
    } finally {
      refreshing.unlock();
    }
  }

  /**
   * A test run of {@code service} was stored or changed: rebuilds the service's test scenarios and
   * the coverage of its traced ones.
   */
  public void testsChanged(String service) {
    refreshing.lock();
    try {
      if (!table.marks().containsKey(CatalogTable.BUILT)) {
        return; // the first read builds everything
      }
      TestLinks links = builder.links();
      List<TriageRule> rules = store.triageRules();
      List<Scenario> scenarios = new ArrayList<>(builder.traced(service, links));
      scenarios.addAll(builder.tested(service, links));
      table.replace(
          CatalogTable.Replacement.service(service),
          entries(scenarios, rules),
          Map.of(),
          clock.instant());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot update the scenario catalog", e);
    } finally {
      refreshing.unlock();
    }
  }

  /** Triage rules changed: stores each scenario's rule-given state anew. */
  private void retriage() throws SQLException {
    List<TriageRule> rules = store.triageRules();
    Map<String, TriageState> changed = new HashMap<>();
    table.forEach(
        e -> {
          Triage t = ruleTriage(e.scenario(), rules);
          TriageState state = t == null ? null : t.state();
          if (state != e.ruleTriage()) {
            changed.put(e.scenario().id(), state);
          }
        });
    table.setRuleTriage(changed);
  }

  private static List<CatalogTable.Entry> entries(
      List<Scenario> scenarios, List<TriageRule> rules) {
    List<CatalogTable.Entry> out = new ArrayList<>(scenarios.size());
    for (Scenario s : scenarios) {
      Triage t = ruleTriage(s, rules);
      out.add(new CatalogTable.Entry(s, t == null ? null : t.state()));
    }
    return out;
  }

  /** The stored triage of each scenario, else its first matching rule's. */
  private List<Scenario> withTriage(List<CatalogTable.Entry> entries) throws SQLException {
    if (entries.isEmpty()) {
      return List.of();
    }
    Map<String, Triage> explicit =
        store.triages(entries.stream().map(e -> e.scenario().id()).toList());
    List<TriageRule> rules =
        entries.stream().anyMatch(e -> e.ruleTriage() != null) ? store.triageRules() : List.of();
    List<Scenario> out = new ArrayList<>(entries.size());
    for (CatalogTable.Entry e : entries) {
      Triage t = explicit.get(e.scenario().id());
      out.add(e.scenario().withTriage(t != null ? t : ruleTriage(e.scenario(), rules)));
    }
    return out;
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
      retriage();
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
      rebuild();
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
      if (mapping) {
        rebuild();
      } else {
        retriage();
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

  @Nullable
  private static Triage ruleTriage(Scenario s, List<TriageRule> rules) {
    return rules.stream()
        .filter(r -> r.matches(s))
        .findFirst()
        .map(TriageRule::triage)
        .orElse(null);
  }

  @Nullable
  private static String blank(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
