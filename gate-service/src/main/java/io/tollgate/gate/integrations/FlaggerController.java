package io.tollgate.gate.integrations;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tollgate.gate.api.Inputs;
import io.tollgate.gate.api.ProblemException;
import io.tollgate.gate.evaluation.Caller;
import io.tollgate.gate.evaluation.EvaluationRequest;
import io.tollgate.gate.evaluation.EvaluationRow;
import io.tollgate.gate.evaluation.EvaluationService;
import io.tollgate.gate.evaluation.Idempotency;
import io.tollgate.gate.security.Role;
import io.tollgate.gate.security.TokenAuthenticator;
import io.tollgate.gate.store.AuditLog;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Flagger webhooks. Flagger sends no custom headers, so the token travels in {@code
 * metadata.token}. 200 approves; 403 holds (confirm-*) or counts a failed check (rollout), with a
 * one-line reason Flagger copies into its events. The rollback hook is inverted: 200 only when the
 * canary's decision is FAIL.
 */
@Controller("/api/v1/integrations/flagger")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_ANONYMOUS)
@Tag(name = "integrations")
class FlaggerController {
  static final Set<String> HOOKS =
      Set.of(
          "confirm-rollout",
          "pre-rollout",
          "rollout",
          "confirm-traffic-increase",
          "confirm-promotion",
          "post-rollout",
          "rollback",
          "event");

  /** What Flagger POSTs. */
  @Serdeable
  record Payload(
      @Nullable String name,
      @Nullable String namespace,
      @Nullable String phase,
      @Nullable String checksum,
      @Nullable Map<String, String> metadata) {

    String meta(String key, String fallback) {
      String v = metadata == null ? null : metadata.get(key);
      return v == null || v.isBlank() ? fallback : v;
    }
  }

  private final EvaluationService evaluations;
  private final TokenAuthenticator tokens;
  private final Reasons reasons;
  private final AuditLog audit;

  FlaggerController(
      EvaluationService evaluations, TokenAuthenticator tokens, Reasons reasons, AuditLog audit) {
    this.evaluations = evaluations;
    this.tokens = tokens;
    this.reasons = reasons;
    this.audit = audit;
  }

  @Operation(
      summary = "A Flagger webhook",
      description =
          "hook: confirm-rollout, pre-rollout (a passing decision of the gate for the service must"
              + " exist), rollout, confirm-traffic-increase (the canary evaluation must not be"
              + " failing), confirm-promotion (it must have passed), rollback (200 only on"
              + " FAIL), post-rollout, event. metadata: token (required), gate, service,"
              + " canaryTrack (canary), baselineTrack (primary), interval (30s), maxDuration"
              + " (30m).")
  @Post(uri = "/{hook}", produces = MediaType.TEXT_PLAIN)
  HttpResponse<String> hook(
      @PathVariable String hook, @Body Payload payload, @Nullable @QueryValue String gate) {
    if (!HOOKS.contains(hook)) {
      return text(HttpStatus.NOT_FOUND, "unknown Flagger hook '" + hook + "'");
    }
    Optional<Authentication> who = tokens.authenticate(payload.meta("token", ""));
    if (who.isEmpty()) {
      return text(
          HttpStatus.UNAUTHORIZED, "metadata.token is missing or not a valid Tollgate API token");
    }
    if (!who.get().getRoles().contains(Role.PIPELINE_NAME)) {
      return text(HttpStatus.FORBIDDEN, "the token's role may not use the Flagger hooks");
    }
    String invalid = invalid(payload);
    if (invalid != null) {
      return text(HttpStatus.BAD_REQUEST, invalid);
    }
    String canary = payload.name() == null ? "" : payload.name();
    String gateName = payload.meta("gate", gate);
    if (hook.equals("event") || hook.equals("post-rollout")) {
      audit.record(
          who.get().getName(),
          "flagger." + hook,
          cut(payload.namespace() + "/" + canary, 400),
          cut(payload.phase() + " " + payload.meta("eventMessage", ""), 4000));
      return text(HttpStatus.OK, "recorded");
    }
    if (gateName == null || gateName.isBlank()) {
      return text(HttpStatus.BAD_REQUEST, "no gate: set metadata.gate or ?gate=");
    }
    String service = payload.meta("service", canary);
    try {
      return switch (hook) {
        case "confirm-rollout", "pre-rollout" -> released(gateName, service, payload);
        default -> canary(hook, gateName, service, payload, who.get());
      };
    } catch (ProblemException e) {
      return text(HttpStatus.valueOf(e.type().status()), e.detail());
    }
  }

  /** Before traffic shifts: a passing decision of the gate (e.g. of a test run) must exist. */
  private HttpResponse<String> released(String gate, String service, Payload p) {
    String version = p.meta("version", null);
    Optional<EvaluationRow> latest = evaluations.latest(gate, service, version, null);
    if (latest.isEmpty()) {
      return text(
          HttpStatus.FORBIDDEN,
          "no decision of gate "
              + gate
              + " for "
              + service
              + (version == null ? "" : " " + version)
              + " yet");
    }
    String decision = reasons.decision(latest.get());
    boolean ok = decision.equals("PASS") || decision.equals("WARN");
    return text(ok ? HttpStatus.OK : HttpStatus.FORBIDDEN, reasons.line(latest.get()));
  }

  /** During analysis: one continuous evaluation per canary revision (name, namespace, checksum). */
  private HttpResponse<String> canary(
      String hook, String gate, String service, Payload p, Authentication who) {
    Map<String, String> canarySide = new LinkedHashMap<>();
    canarySide.put("service", service);
    canarySide.put("track", p.meta("canaryTrack", "canary"));
    Map<String, String> baselineSide = new LinkedHashMap<>();
    baselineSide.put("service", service);
    baselineSide.put("track", p.meta("baselineTrack", "primary"));
    Caller caller = Caller.of(who);
    String key =
        Idempotency.derive(
            "flagger", gate, caller, p.namespace() + "/" + p.name() + ":" + p.checksum());
    EvaluationRequest request =
        new EvaluationRequest(
            gate,
            null,
            canarySide,
            baselineSide,
            null,
            null,
            null,
            null,
            new EvaluationRequest.Continuous(
                p.meta("interval", "30s"), p.meta("maxDuration", "30m"), null),
            null,
            null,
            context(p),
            key);
    EvaluationRow row =
        evaluations.await(
            evaluations.start(request, null, caller).row().id(), Duration.ofSeconds(3));
    String effective = reasons.decision(row);
    String interim = row.outcome() == null ? "PENDING" : row.outcome().name();
    boolean failing =
        effective.equals("FAIL")
            || (row.overrideOutcome() == null
                && (interim.equals("FAIL") || (row.done() && interim.equals("ERROR"))));
    boolean passed = effective.equals("PASS") || effective.equals("WARN");
    HttpStatus status =
        switch (hook) {
          case "rollback" -> failing ? HttpStatus.OK : HttpStatus.FORBIDDEN;
          case "confirm-promotion" -> passed ? HttpStatus.OK : HttpStatus.FORBIDDEN;
          default -> failing ? HttpStatus.FORBIDDEN : HttpStatus.OK; // rollout, traffic increase
        };
    String line = reasons.line(row);
    if (hook.equals("rollback")) {
      line = (failing ? "rollback: " : "no rollback: ") + line;
    }
    return text(status, line);
  }

  /** The audit log's columns are bounded; the event text is kept as far as it fits. */
  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  /** Kubernetes object names and namespaces are DNS subdomains: at most 253 characters. */
  static final int MAX_NAME = 253;

  /** Flagger's phases are short words; a metadata value is a line, not a document. */
  static final int MAX_PHASE = 64;

  static final int MAX_METADATA_VALUE = 1000;

  /** Which field of Flagger's payload is too long, before anything is stored; null when none. */
  @Nullable
  static String invalid(Payload p) {
    String nul = Inputs.nulAt(p);
    if (nul != null) {
      return "field '" + nul + "' " + Inputs.NUL;
    }
    if (p.name() != null && p.name().length() > MAX_NAME) {
      return "name is longer than " + MAX_NAME + " characters";
    }
    if (p.namespace() != null && p.namespace().length() > MAX_NAME) {
      return "namespace is longer than " + MAX_NAME + " characters";
    }
    if (p.phase() != null && p.phase().length() > MAX_PHASE) {
      return "phase is longer than " + MAX_PHASE + " characters";
    }
    if (p.checksum() != null && p.checksum().length() > MAX_NAME) {
      return "checksum is longer than " + MAX_NAME + " characters";
    }
    if (p.metadata() != null) {
      for (Map.Entry<String, String> e : p.metadata().entrySet()) {
        if (e.getKey() == null || e.getKey().length() > MAX_NAME) {
          return "a metadata key is missing or longer than " + MAX_NAME + " characters";
        }
        if (e.getValue() != null && e.getValue().length() > MAX_METADATA_VALUE) {
          return "metadata." + e.getKey() + " is longer than " + MAX_METADATA_VALUE + " characters";
        }
      }
    }
    return null;
  }

  /** What the decision records; a fixed-weight analysis may say its weight for the ratio check. */
  private static Map<String, String> context(Payload p) {
    Map<String, String> context = new LinkedHashMap<>();
    context.put("pipeline", "flagger");
    context.put("rollout", p.namespace() + "/" + p.name());
    context.put("checksum", String.valueOf(p.checksum()));
    String weight = p.meta("canaryWeight", null);
    if (weight != null) {
      context.put("canaryWeight", weight);
    }
    return context;
  }

  private static HttpResponse<String> text(HttpStatus status, String line) {
    return HttpResponse.<String>status(status).body(line).contentType(MediaType.TEXT_PLAIN_TYPE);
  }
}
