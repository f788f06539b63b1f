package io.tollgate.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tollgate evaluate}: starts an evaluation and, with {@code --wait}, waits for the decision
 * and exits with it: 0 pass (warn too unless --strict), 1 fail, 2 inconclusive, 3 error or
 * unreachable, 4 no decision yet (always without {@code --wait}; with it, when the timeout passes).
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = "Evaluate a gate for a canary (vs its baseline), a target or test runs.")
public final class EvaluateCommand implements Callable<Integer> {
  @Mixin ServerOptions server;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--gate", required = true, description = "Gate name")
  String gate;

  @Option(names = "--gate-version", description = "Pin a gate version (default: latest)")
  Integer gateVersion;

  @Option(names = "--canary", description = "Canary selector, e.g. service=checkout,track=canary")
  List<String> canary;

  @Option(
      names = "--baseline",
      description = "Baseline selector, e.g. service=checkout,version=1.4")
  List<String> baseline;

  @Option(names = "--target", description = "Target selector for a production or test check")
  List<String> target;

  @Option(names = "--test-run", description = "Test-run id(s) to judge")
  List<Long> testRuns;

  @Option(names = "--lookback", description = "Window ending now, e.g. 30m")
  String lookback;

  @Option(names = "--start", description = "Window start (ISO-8601)")
  String start;

  @Option(names = "--end", description = "Window end (ISO-8601)")
  String end;

  @Option(names = "--continuous", description = "Re-evaluate until decided")
  boolean continuous;

  @Option(names = "--interval", defaultValue = "30s", description = "Continuous interval")
  String interval;

  @Option(names = "--max-duration", defaultValue = "15m", description = "Continuous limit")
  String maxDuration;

  @Option(names = "--var", description = "Template variable k=v")
  List<String> variables;

  @Option(names = "--context", description = "Context k=v (pipeline, buildUrl, commit, image)")
  List<String> context;

  @Option(names = "--idempotency-key", description = "Retries with the same key are one run")
  String idempotencyKey;

  @Option(names = "--wait", description = "Wait for the decision and exit with it")
  boolean wait;

  @Option(
      names = "--timeout",
      defaultValue = "20m",
      description = "How long --wait waits, e.g. 90s, 20m or PT20M (default: ${DEFAULT-VALUE})")
  String timeoutText;

  @Option(names = "--strict", description = "Exit 1 on WARN")
  boolean strict;

  @Override
  public Integer call() throws Exception {
    CommandLine cl = spec.commandLine();
    Duration timeout;
    try {
      timeout = new DurationConverter().convert(timeoutText);
    } catch (CommandLine.TypeConversionException e) {
      throw new CommandLine.ParameterException(cl, "--timeout: " + e.getMessage());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("gate", gate);
    putIf(body, "gateVersion", gateVersion);
    putMap(body, "canary", KeyValues.parse(canary, "--canary", cl));
    putMap(body, "baseline", KeyValues.parse(baseline, "--baseline", cl));
    putMap(body, "target", KeyValues.parse(target, "--target", cl));
    putIf(body, "testRuns", testRuns);
    putIf(body, "lookback", lookback);
    putIf(body, "start", start);
    putIf(body, "end", end);
    if (continuous) {
      body.put("continuous", Map.of("interval", interval, "maxDuration", maxDuration));
    }
    putMap(body, "variables", KeyValues.parse(variables, "--var", cl));
    putMap(body, "context", KeyValues.parse(context, "--context", cl));
    putIf(body, "idempotencyKey", idempotencyKey);
    PrintWriter out = cl.getOut();
    PrintWriter err = cl.getErr();
    try {
      Api api = new Api(server);
      knownVariables(api, cl, body);
      JsonNode started = api.postJson("/api/v1/evaluations", body).body();
      long id = started.path("id").asLong();
      if (!wait) {
        if (server.json) {
          out.println(started.toPrettyString());
        } else {
          out.printf(
              "evaluation %d started, decision pending: %s%n"
                  + "wait for it with: tollgate decision --evaluation %d%n",
              id, started.path("url").asText(), id);
        }
        // not a PASS: a pipeline must not read "started" as "promote"
        return Decisions.PENDING;
      }
      JsonNode decided = Waiting.until(api, id, timeout);
      if (server.json) {
        out.println(decided.toPrettyString());
      } else {
        Decisions.print(decided, out);
      }
      String decision = decided.path("summary").path("decision").asText("PENDING");
      if (decision.equals("PENDING")) {
        err.println(
            "no decision within "
                + timeoutText
                + " (evaluation "
                + id
                + " is still running; exit 4)");
      }
      return Decisions.exitCode(decision, strict);
    } catch (Api.Failure e) {
      err.println("error: " + e.getMessage());
      return Decisions.ERROR;
    }
  }

  /**
   * Refuses a {@code --var} the gate does not declare under {@code spec.variables}: a misspelled
   * variable would otherwise be ignored and the gate judged with the default value.
   */
  @SuppressWarnings("unchecked")
  private void knownVariables(Api api, CommandLine cl, Map<String, Object> body)
      throws Api.Failure {
    Map<String, String> given = (Map<String, String>) body.get("variables");
    if (given == null || given.isEmpty()) {
      return;
    }
    String yaml;
    try {
      yaml =
          api.getText(
              "/api/v1/gates/"
                  + java.net.URLEncoder.encode(gate, java.nio.charset.StandardCharsets.UTF_8)
                      .replace("+", "%20")
                  + (gateVersion == null ? "" : "?version=" + gateVersion),
              "application/yaml");
    } catch (Api.Failure e) {
      if (e.status() == 404) {
        return; // the service says which gate is missing when the evaluation starts
      }
      throw e;
    }
    var parsed = io.tollgate.rules.parse.GateParser.parse(gate + ".yaml", yaml);
    if (parsed.gate().isEmpty()) {
      return; // the service judges with what it stored; nothing to check against
    }
    var declared = parsed.gate().get().variables().keySet();
    List<String> unknown = given.keySet().stream().filter(k -> !declared.contains(k)).toList();
    if (!unknown.isEmpty()) {
      throw new CommandLine.ParameterException(
          cl,
          "--var "
              + String.join(", ", unknown)
              + ": gate '"
              + gate
              + "' declares no such variable"
              + (declared.isEmpty()
                  ? " (it declares none)"
                  : " (it declares: " + String.join(", ", declared) + ")"));
    }
  }

  private static void putIf(Map<String, Object> body, String key, Object value) {
    if (value != null) {
      body.put(key, value);
    }
  }

  private static void putMap(Map<String, Object> body, String key, Map<String, String> value) {
    if (!value.isEmpty()) {
      body.put(key, value);
    }
  }
}
