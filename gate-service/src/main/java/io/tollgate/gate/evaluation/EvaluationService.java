package io.tollgate.gate.evaluation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import io.tollgate.gate.gates.GateService;
import io.tollgate.gate.gates.GateVersionRow;
import io.tollgate.gate.store.AuditLog;
import io.tollgate.gate.testrun.TestRunQueries;
import io.tollgate.gate.testrun.TestRunRow;
import io.tollgate.rules.model.Outcome;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Starts evaluations, answers for them, and records overrides. */
@Singleton
public class EvaluationService {
  static final Duration MAX_WINDOW = Duration.ofDays(31);
  static final Duration MAX_CONTINUOUS = Duration.ofHours(24);
  static final Duration MIN_INTERVAL = Duration.ofSeconds(5);
  static final Duration MAX_WAIT = Duration.ofSeconds(60);
  static final int MAX_REQUEST = 100_000;
  private static final Set<String> OVERRIDES = Set.of("PASS", "FAIL");

  /** A created (or, for a repeated idempotency key, the existing) evaluation. */
  public record Started(EvaluationRow row, boolean created) {}

  private final EvaluationRepository evaluations;
  private final GateService gates;
  private final TestRunQueries testRuns;
  private final EvaluationSignals signals;
  private final AuditLog audit;
  private final JsonMapper json;
  private final Clock clock;
  private final DecidedCache decided;
  private final JobStore jobs;
  private final Quotas quotas;
  private final DecisionWaits waits;
  private final EvaluationNotifier notifier;
  private final DecisionStore decisions;
  private final OverrideStore overrides;

  EvaluationService(
      EvaluationRepository evaluations,
      GateService gates,
      TestRunQueries testRuns,
      EvaluationSignals signals,
      AuditLog audit,
      JsonMapper json,
      Clock clock,
      EvaluationProperties properties,
      JobStore jobs,
      Quotas quotas,
      DecisionWaits waits,
      EvaluationNotifier notifier,
      DecisionStore decisions,
      OverrideStore overrides) {
    this.decisions = decisions;
    this.overrides = overrides;
    this.decided = new DecidedCache(properties.readCache());
    this.jobs = jobs;
    this.quotas = quotas;
    this.waits = waits;
    this.notifier = notifier;
    // a change announced by any replica drops the cached row here, so reads are never stale
    notifier.onRemoteChange(
        id -> {
          if (id < 0) {
            decided.clear();
          } else {
            decided.forget(id);
          }
        });
    this.evaluations = evaluations;
    this.gates = gates;
    this.testRuns = testRuns;
    this.signals = signals;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  /**
   * Starts an evaluation, or answers with the caller's earlier one for the same idempotency key and
   * gate. Inputs are checked, and quotas applied, before anything is written.
   *
   * @throws ProblemException 400 for invalid input, 409 for a key reused with another request
   * @throws QuotaExceeded when the caller or the gate has its maximum of running evaluations
   */
  public Started start(EvaluationRequest request, @Nullable String idempotencyHeader, Caller who) {
    if (idempotencyHeader != null) {
      RequestLimits.key("/Idempotency-Key", idempotencyHeader.trim());
      request = request.withIdempotencyKey(idempotencyHeader.trim());
    }
    RequestLimits.check(request);
    String hash = null;
    if (request.idempotencyKey() != null) {
      hash = Idempotency.sha256(write(request.canonical()));
      Optional<EvaluationRow> existing =
          evaluations.findByCallerAndGateNameAndIdempotencyKey(
              who.scope(), request.gate(), request.idempotencyKey());
      if (existing.isPresent()) {
        return replay(existing.get(), hash);
      }
    }
    GateVersionRow version = gates.version(request.gate(), request.gateVersion());
    RequestWindows.checkSides(request);
    TestRunRow firstRun = null;
    for (long id : request.testRunsOrEmpty()) {
      TestRunRow run =
          testRuns
              .run(id)
              .orElseThrow(() -> invalid("testRuns: test run " + id + " does not exist"));
      firstRun = firstRun == null ? run : firstRun;
    }
    Instant now = clock.instant();
    EvaluationRequest resolved;
    Instant deadline;
    if (request.continuous() != null) {
      Duration interval =
          RequestLimits.duration(
              "continuous/interval", request.continuous().interval(), MAX_CONTINUOUS);
      Duration max =
          RequestLimits.duration(
              "continuous/maxDuration", request.continuous().maxDuration(), MAX_CONTINUOUS);
      if (interval.compareTo(MIN_INTERVAL) < 0 || max.compareTo(interval) < 0) {
        throw invalid(
            "continuous: interval must be at least 5s and maxDuration between the"
                + " interval and 24h");
      }
      // aggregates are per minute: start at the minute's start so its data counts
      Instant start =
          request.start() != null
              ? request.start()
              : now.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
      resolved = request.withWindow(start, null);
      deadline = now.plus(max);
    } else {
      resolved = RequestWindows.fixed(request, now);
      deadline = now.plus(Duration.ofMinutes(10));
    }
    String stored = write(resolved);
    if (stored.length() > MAX_REQUEST) {
      throw RequestLimits.invalid("", "the request is larger than " + MAX_REQUEST + " characters");
    }
    quotas.check(who, version.gateName());
    EvaluationRow row =
        EvaluationRows.pending(
            version,
            stored,
            cut(firstNonNull(resolved.service(), firstRun == null ? null : firstRun.service())),
            cut(firstNonNull(resolved.version(), firstRun == null ? null : firstRun.version())),
            cut(
                firstNonNull(
                    resolved.contextOrEmpty().get("commit"),
                    firstRun == null ? null : firstRun.commitSha())),
            resolved.idempotencyKey(),
            hash,
            who,
            now,
            deadline);
    Optional<EvaluationRow> created = evaluations.create(row);
    if (created.isEmpty()) {
      // two retries with one key raced; the other one stored it
      return replay(
          evaluations
              .findByCallerAndGateNameAndIdempotencyKey(
                  who.scope(), version.gateName(), resolved.idempotencyKey())
              .orElseThrow(
                  () -> new IllegalStateException("an idempotency key was taken, then vanished")),
          hash);
    }
    signals.submitted();
    return new Started(created.get(), true);
  }

  private static Started replay(EvaluationRow existing, String hash) {
    if (existing.requestHash() != null && !existing.requestHash().equals(hash)) {
      throw new ProblemException(
          ProblemType.IDEMPOTENCY_CONFLICT,
          "idempotencyKey: this key already started evaluation "
              + existing.id()
              + " with a different request; use a new key for a new request");
    }
    return new Started(existing, false);
  }

  public EvaluationRow get(long id) {
    return evaluations
        .findById(id)
        .orElseThrow(() -> ProblemException.notFound("evaluation " + id));
  }

  /**
   * Like {@link #get} for readers that poll decisions: a decided evaluation is served from this
   * replica's cache for {@code tollgate.evaluations.read-cache} (2 s). Changes made here, and on
   * PostgreSQL those announced by other replicas, drop the cached row at once.
   */
  /** The decided evaluation from this replica's read cache, if it is there (no database). */
  public Optional<EvaluationRow> cached(long id) {
    return decided.get(id);
  }

  public EvaluationRow read(long id) {
    Optional<EvaluationRow> cached = decided.get(id);
    if (cached.isPresent()) {
      return cached.get();
    }
    EvaluationRow row = get(id);
    if (row.done()) {
      decided.put(id, row);
    }
    return row;
  }

  /**
   * Completes once the decision is final or overridden, or after {@code wait} (at most 60 s) with
   * the row as it is then. Holds no thread while waiting.
   *
   * @param caller whose long-poll this is, capped per token; null for internal waits
   */
  public CompletableFuture<EvaluationRow> awaitAsync(
      long id, Duration wait, @Nullable Caller caller) {
    Duration bounded = wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    return waits.await(id, bounded, caller == null ? null : caller.scope(), notifier.reader());
  }

  /** Like {@link #awaitAsync}, blocking the calling thread (integrations, the demo). */
  public EvaluationRow await(long id, Duration wait) {
    get(id);
    try {
      return awaitAsync(id, wait, null).join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /**
   * Cancels a running evaluation: the final outcome is ERROR with the reason, no further step runs
   * and a step in flight writes nothing. Allowed for sre and admin, and for the token that started
   * it.
   */
  public EvaluationRow cancel(long id, @Nullable String reason, Caller who, boolean privileged) {
    RequestLimits.reason("/reason", reason, false);
    EvaluationRow row = get(id);
    if (!privileged && !row.caller().equals(who.scope())) {
      throw new ProblemException(
          ProblemType.FORBIDDEN,
          "only the token that started an evaluation, an sre or an admin may cancel it");
    }
    if (row.done()) {
      throw new ProblemException(
          ProblemType.CONFLICT, "evaluation " + id + " is already " + row.status());
    }
    cancelled(row, reason == null || reason.isBlank() ? "no reason given" : reason, who.name());
    return get(id);
  }

  /**
   * Records a cancellation (by a caller, or after the starting token was revoked) and audits it.
   */
  void cancelled(EvaluationRow row, String reason, String who) {
    try {
      if (jobs.cancel(row.id(), cut2000("cancelled by " + who + ": " + reason), clock.instant())) {
        audit.record(who, "evaluation.cancel", "evaluation/" + row.id(), cut2000(reason));
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cancelling evaluation " + row.id() + " failed", e);
    }
    changed(row.id());
  }

  /** Announces a change of the evaluation to waiters here and on other replicas. */
  void changed(long id) {
    decided.forget(id);
    notifier.publish(id);
  }

  public Optional<EvaluationRow> latest(
      String gate, @Nullable String service, @Nullable String version, @Nullable String commit) {
    return evaluations.latest(gate, service, version, commit);
  }

  /**
   * Evaluations newest first (at most {@code limit}), narrowed by whichever of gate, service and
   * shown outcome (an override's, else the decision's) is set, older than {@code beforeId} when
   * given (the page after one that ended there).
   */
  public List<EvaluationRow> search(
      @Nullable String gate,
      @Nullable String service,
      @Nullable String outcome,
      @Nullable Long beforeId,
      int limit) {
    return evaluations.search(gate, service, outcome, beforeId, limit);
  }

  /** The names of the gates that have evaluations. */
  public List<String> gateNames() {
    return evaluations.gateNames();
  }

  /** The names of the services that have evaluations. */
  public List<String> serviceNames() {
    return evaluations.serviceNames();
  }

  public EvaluationRow override(
      long id, String outcome, String reason, @Nullable Instant until, String who) {
    String wanted = outcome == null ? "" : outcome.trim().toUpperCase(java.util.Locale.ROOT);
    if (!OVERRIDES.contains(wanted)) {
      throw RequestLimits.invalid("/outcome", "outcome must be PASS (approve) or FAIL (block)");
    }
    RequestLimits.reason("/reason", reason, true);
    RequestLimits.instant("expiresAt", until);
    Instant now = clock.instant();
    if (until != null && !until.isAfter(now)) {
      throw invalid("expiresAt must be in the future");
    }
    get(id);
    overrides.record(
        new OverrideRow(null, id, Outcome.valueOf(wanted), cut2000(reason), who, until, now));
    audit.record(
        who,
        "evaluation.override",
        "evaluation/" + id,
        wanted + (until == null ? "" : " until " + until) + ": " + cut(reason));
    changed(id);
    return get(id);
  }

  public EvaluationRow clearOverride(long id, String who) {
    if (get(id).override() != null) {
      overrides.record(new OverrideRow(null, id, null, null, who, null, clock.instant()));
    }
    audit.record(who, "evaluation.override.clear", "evaluation/" + id, null);
    changed(id);
    return get(id);
  }

  public EvaluationRow pin(long id, boolean pinned, boolean excluded, String who) {
    if (pinned && excluded) {
      throw invalid("an evaluation cannot be pinned and excluded at once");
    }
    get(id);
    decisions.pin(id, pinned, excluded, clock.instant());
    changed(id);
    audit.record(
        who, "evaluation.pin", "evaluation/" + id, "pinned=" + pinned + " excluded=" + excluded);
    return get(id);
  }

  EvaluationRequest request(EvaluationRow row) {
    try {
      return json.readValue(row.request(), EvaluationRequest.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String write(EvaluationRequest r) {
    try {
      return json.writeValueAsString(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ProblemException invalid(String detail) {
    return new ProblemException(ProblemType.VALIDATION, detail);
  }

  @Nullable
  private static String firstNonNull(@Nullable String a, @Nullable String b) {
    return a != null ? a : b;
  }

  private static String cut2000(String s) {
    return s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
  }

  @Nullable
  private static String cut(@Nullable String s) {
    return s == null ? null : s.length() <= 200 ? s : s.substring(0, 200);
  }
}
