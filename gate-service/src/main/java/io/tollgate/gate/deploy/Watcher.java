package io.tollgate.gate.deploy;

import io.micronaut.core.annotation.Nullable;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.evaluation.Caller;
import io.tollgate.gate.evaluation.EvaluationRequest;
import io.tollgate.gate.evaluation.EvaluationService;
import io.tollgate.gate.evaluation.QuotaExceeded;
import io.tollgate.rules.model.Binding;
import io.tollgate.rules.model.Durations;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the gates bound to a change in post-deploy mode: a continuous evaluation of the service's
 * SLIs in the bound environment (of the new version, for a deployment) from the change's time until
 * its watch window ends, re-judged every interval. Criteria judge as they always do: {@code
 * vsHistory} against the gate's earlier decisions for the service (the previous versions' watches),
 * {@code budget} against the error budget, absolute limits. FAIL stops the watch at once (a
 * rollback recommendation); otherwise it watches the whole window. A newer change of the service
 * supersedes (cancels) the gate's running watch of it.
 */
@Singleton
final class Watcher {
  private static final Logger LOG = LoggerFactory.getLogger(Watcher.class);

  private final BindingStore bindings;
  private final ChangeStore changes;
  private final EvaluationService evaluations;
  private final DeployProperties properties;
  private final Clock clock;

  Watcher(
      BindingStore bindings,
      ChangeStore changes,
      EvaluationService evaluations,
      DeployProperties properties,
      Clock clock) {
    this.bindings = bindings;
    this.changes = changes;
    this.evaluations = evaluations;
    this.properties = properties;
    this.clock = clock;
  }

  /** The bindings a change starts: of its trigger and service, environment and flag matching. */
  List<StoredBinding> bound(Change c) throws SQLException {
    Map<String, StoredBinding> byGate = new LinkedHashMap<>();
    for (StoredBinding b : bindings.of(c.trigger(), c.service())) {
      boolean env = c.environment() == null || c.environment().equals(b.environment());
      boolean flag = b.flag() == null || b.flag().equals(c.flag());
      if (env && flag) {
        byGate.putIfAbsent(b.gate(), b);
      }
    }
    return List.copyOf(byGate.values());
  }

  /** Starts the bound gates of a stored change and records each watch. */
  Change start(Change c, Caller caller) {
    List<Change.Watch> out = new ArrayList<>();
    try {
      List<StoredBinding> bound = bound(c);
      for (int i = 0; i < bound.size(); i++) {
        StoredBinding b = bound.get(i);
        String skipped = null;
        Long id = null;
        if (i >= properties.maxGatesPerChange()) {
          skipped =
              "more than "
                  + properties.maxGatesPerChange()
                  + " gates are bound (tollgate.deploy.max-gates-per-change)";
        } else {
          try {
            id = startOne(c, b, caller);
          } catch (Refused e) {
            skipped = e.getMessage();
          } catch (QuotaExceeded e) {
            skipped = "quota: " + e.getMessage();
          } catch (ProblemException e) {
            skipped = e.getMessage();
          }
        }
        changes.watch(c.id(), b.gate(), id, skipped);
        out.add(new Change.Watch(b.gate(), id, skipped, null, null, null));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot start the gates bound to change " + c.id(), e);
    }
    return c.withWatches(out);
  }

  private long startOne(Change c, StoredBinding b, Caller caller) throws SQLException {
    Instant now = clock.instant();
    Instant start = c.at().truncatedTo(ChronoUnit.MINUTES);
    Instant end = c.at().plus(b.watch());
    Duration left = Duration.between(now, end).truncatedTo(ChronoUnit.SECONDS);
    if (left.compareTo(Binding.MIN_EVERY) < 0) {
      throw new Refused(
          "the watch window (" + Durations.format(b.watch()) + " from " + c.at() + ") is over");
    }
    for (long running : changes.running(b.gate(), c.service())) {
      evaluations.cancel(
          running,
          "superseded by change " + c.id() + " of " + c.service(),
          Caller.internal("tollgate"),
          true);
    }
    List<Long> open = changes.running(b.gate(), null);
    if (open.size() >= properties.maxWatchesPerGate()) {
      throw new Refused(
          "gate "
              + b.gate()
              + " watches "
              + open.size()
              + " changes, the most allowed (tollgate.deploy.max-watches-per-gate)");
    }
    Duration every = b.every().compareTo(left) > 0 ? left : b.every();
    Map<String, String> target = new LinkedHashMap<>();
    target.put("service", c.service());
    if (c.version() != null && c.trigger() == Binding.Trigger.DEPLOY) {
      target.put("version", c.version());
    }
    target.put("environment", b.environment());
    if (c.trigger() == Binding.Trigger.FLAG && c.flag() != null && c.variant() != null) {
      // judge the spans served with the new variant (ingest's per-variant series)
      target.put("flag." + c.flag(), c.variant());
    }
    Map<String, String> context = new LinkedHashMap<>();
    context.put(Recommendation.MODE, Recommendation.POST_DEPLOY);
    context.put("trigger", c.trigger().name().toLowerCase(java.util.Locale.ROOT));
    context.put("change", Long.toString(c.id()));
    context.put("changeKind", c.kind());
    put(context, "previousVersion", c.previousVersion());
    put(context, "flag", c.flag());
    put(context, "variant", c.variant());
    context.put("watchUntil", end.toString());
    EvaluationRequest request =
        new EvaluationRequest(
            b.gate(),
            null,
            null,
            null,
            target,
            start,
            null,
            null,
            new EvaluationRequest.Continuous(
                Durations.format(every), Durations.format(left), false),
            null,
            null,
            context,
            null);
    long id = evaluations.start(request, null, caller).row().id();
    LOG.info("change {} of {} started gate {} as evaluation {}", c.id(), c.service(), b.gate(), id);
    return id;
  }

  private static void put(Map<String, String> m, String k, @Nullable String v) {
    if (v != null) {
      m.put(k, v);
    }
  }

  /** A bound gate this change does not start, with the reason recorded on the watch. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }
}
