package io.tollgate.gate.evaluation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.json.JsonMapper;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.api.ProblemType;
import io.tollgate.gate.gates.GateService;
import io.tollgate.gate.gates.GateVersionRow;
import io.tollgate.gate.store.AuditLog;
import io.tollgate.gate.testrun.TestRunQueries;
import io.tollgate.gate.testrun.TestRunRow;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Starts evaluations, answers for them, and records overrides. */
@Singleton
public class EvaluationService {
  static final Duration MAX_WINDOW = Duration.ofDays(31);
  static final Duration MAX_CONTINUOUS = Duration.ofHours(24);
  static final Duration MIN_INTERVAL = Duration.ofSeconds(5);
  static final Duration MAX_WAIT = Duration.ofSeconds(60);
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

  EvaluationService(
      EvaluationRepository evaluations,
      GateService gates,
      TestRunQueries testRuns,
      EvaluationSignals signals,
      AuditLog audit,
      JsonMapper json,
      Clock clock,
      EvaluationProperties properties) {
    this.decided = new DecidedCache(properties.readCache());
    this.evaluations = evaluations;
    this.gates = gates;
    this.testRuns = testRuns;
    this.signals = signals;
    this.audit = audit;
    this.json = json;
    this.clock = clock;
  }

  public Started start(EvaluationRequest request, @Nullable String idempotencyHeader, String who) {
    if (idempotencyHeader != null && !idempotencyHeader.isBlank()) {
      request = request.withIdempotencyKey(idempotencyHeader.trim());
    }
    if (request.idempotencyKey() != null) {
      Optional<EvaluationRow> existing = evaluations.findByIdempotencyKey(request.idempotencyKey());
      if (existing.isPresent()) {
        return new Started(existing.get(), false);
      }
    }
    GateVersionRow version = gates.version(request.gate(), request.gateVersion());
    checkSides(request);
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
      Duration interval = duration(request.continuous().interval(), "continuous.interval");
      Duration max = duration(request.continuous().maxDuration(), "continuous.maxDuration");
      if (interval.compareTo(MIN_INTERVAL) < 0
          || max.compareTo(MAX_CONTINUOUS) > 0
          || max.compareTo(interval) < 0) {
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
      resolved = fixedWindow(request, now);
      deadline = now.plus(Duration.ofMinutes(10));
    }
    EvaluationRow row =
        new EvaluationRow(
            null,
            version.gateName(),
            version.version(),
            EvaluationRow.PENDING,
            null,
            null,
            "waiting for the first evaluation",
            write(resolved),
            null,
            cut(firstNonNull(resolved.service(), firstRun == null ? null : firstRun.service())),
            cut(firstNonNull(resolved.version(), firstRun == null ? null : firstRun.version())),
            cut(
                firstNonNull(
                    resolved.contextOrEmpty().get("commit"),
                    firstRun == null ? null : firstRun.commitSha())),
            resolved.idempotencyKey(),
            who,
            now,
            now,
            null,
            now,
            deadline,
            0,
            null,
            null,
            false,
            false,
            null,
            null,
            null,
            null);
    try {
      row = evaluations.save(row);
    } catch (DataAccessException e) {
      // two retries with one key raced; the other one stored it
      if (resolved.idempotencyKey() != null) {
        Optional<EvaluationRow> existing =
            evaluations.findByIdempotencyKey(resolved.idempotencyKey());
        if (existing.isPresent()) {
          return new Started(existing.get(), false);
        }
      }
      throw e;
    }
    signals.submitted();
    return new Started(row, true);
  }

  public EvaluationRow get(long id) {
    return evaluations
        .findById(id)
        .orElseThrow(() -> ProblemException.notFound("evaluation " + id));
  }

  /**
   * Like {@link #get} for readers that poll decisions: a decided evaluation is served from this
   * replica's cache for {@code tollgate.evaluations.read-cache} (2 s); overrides and pins made here
   * show at once, those made on another replica within that time.
   */
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

  /** Waits up to {@code wait} for the decision to be final; returns the row as it is then. */
  public EvaluationRow await(long id, Duration wait) {
    Duration bounded = wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    long deadline = System.nanoTime() + bounded.toNanos();
    // read the signal count before the row, so a decision landing in between is not missed
    long seen = signals.decisions();
    EvaluationRow row = get(id);
    while (!row.done() && System.nanoTime() < deadline) {
      signals.awaitDecision(seen, Math.min(1_000, (deadline - System.nanoTime()) / 1_000_000));
      seen = signals.decisions();
      row = get(id);
    }
    return row;
  }

  public Optional<EvaluationRow> latest(
      String gate, @Nullable String service, @Nullable String version, @Nullable String commit) {
    return evaluations.latest(gate, service, version, commit);
  }

  public EvaluationRow override(
      long id, String outcome, String reason, @Nullable Instant until, String who) {
    String wanted = outcome == null ? "" : outcome.trim().toUpperCase(java.util.Locale.ROOT);
    if (!OVERRIDES.contains(wanted)) {
      throw invalid("outcome must be PASS (approve) or FAIL (block), got '" + outcome + "'");
    }
    if (reason == null || reason.isBlank()) {
      throw invalid("reason: an override needs a reason");
    }
    Instant now = clock.instant();
    if (until != null && !until.isAfter(now)) {
      throw invalid("expiresAt must be in the future");
    }
    get(id);
    evaluations.recordOverride(id, wanted, cut(reason), who, until, now);
    decided.forget(id);
    audit.record(
        who,
        "evaluation.override",
        "evaluation/" + id,
        wanted + (until == null ? "" : " until " + until) + ": " + cut(reason));
    signals.decided();
    return get(id);
  }

  public EvaluationRow clearOverride(long id, String who) {
    get(id);
    evaluations.recordOverride(id, null, null, null, null, clock.instant());
    decided.forget(id);
    audit.record(who, "evaluation.override.clear", "evaluation/" + id, null);
    return get(id);
  }

  public EvaluationRow pin(long id, boolean pinned, boolean excluded, String who) {
    if (pinned && excluded) {
      throw invalid("an evaluation cannot be pinned and excluded at once");
    }
    get(id);
    evaluations.recordPin(id, pinned, excluded, clock.instant());
    decided.forget(id);
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

  private static void checkSides(EvaluationRequest r) {
    boolean canary = !r.canaryOrEmpty().isEmpty();
    boolean baseline = !r.baselineOrEmpty().isEmpty();
    if (canary != baseline) {
      throw invalid(
          canary
              ? "baseline: a canary needs a baseline to be compared with"
              : "canary: a baseline needs a canary");
    }
    if (!canary && r.targetOrEmpty().isEmpty() && r.testRunsOrEmpty().isEmpty()) {
      throw invalid("give canary and baseline selectors, a target selector, or testRuns");
    }
    for (Map<String, String> side :
        new Map[] {r.canaryOrEmpty(), r.baselineOrEmpty(), r.targetOrEmpty()}) {
      for (Map.Entry<String, String> e : side.entrySet()) {
        if (e.getKey().length() > 100 || e.getValue() == null || e.getValue().length() > 400) {
          throw invalid("selector label '" + cut(e.getKey()) + "' is too long or has no value");
        }
      }
    }
  }

  private static EvaluationRequest fixedWindow(EvaluationRequest r, Instant now) {
    Instant start;
    Instant end;
    if (r.lookback() != null) {
      if (r.start() != null || r.end() != null) {
        throw invalid("give either lookback or start/end, not both");
      }
      end = now;
      start = now.minus(duration(r.lookback(), "lookback"));
    } else if (r.start() != null) {
      start = r.start();
      end = r.end() != null ? r.end() : now;
    } else if (!r.testRunsOrEmpty().isEmpty()) {
      // test-run gates need no telemetry window; still record the hour before now
      start = now.minus(Duration.ofHours(1));
      end = now;
    } else {
      throw invalid("give a window: lookback (e.g. 30m), start/end, or continuous");
    }
    if (!start.isBefore(end)) {
      throw invalid("start must be before end");
    }
    if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
      throw invalid("the window may be at most 31 days");
    }
    return r.withWindow(start, end);
  }

  private static Duration duration(String text, String field) {
    try {
      Duration d = Durations.parse(text, field);
      if (d.isNegative() || d.isZero()) {
        throw invalid(field + " must be positive");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
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

  @Nullable
  private static String cut(@Nullable String s) {
    return s == null ? null : s.length() <= 200 ? s : s.substring(0, 200);
  }
}
