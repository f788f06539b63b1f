package io.tollgate.gate.fuzz

import groovy.json.JsonOutput

/**
 * The valid request behind every POST and PUT route, from which the fuzzer mutates. A route with
 * no entry here fails {@code ApiFuzzSpec}, so a new endpoint cannot escape the fuzzer.
 */
final class FuzzTargets {
  /** What the targets need from a prepared server: tokens by role, ids of existing rows. */
  static List<FuzzTarget> all(Map<String, String> tokens, Map<String, Object> ids, Map<String, String> seeds) {
    def bearer = { String role -> [Authorization: "Bearer ${tokens[role]}"] }
    def ui = [Cookie: "${ids.cookie}"]
    String evaluation = JsonOutput.toJson([gate: "nightly-load-test", gateVersion: 1, testRuns: [ids.testRun],
        variables: [service: "shop"], context: [commit: "f00d", pipeline: "build-7"], idempotencyKey: "fz",
        lookback: "PT5M", canary: [service: "shop", version: "2"], baseline: [service: "shop", version: "1"],
        start: "2026-11-30T10:00:00Z", end: "2026-11-30T10:05:00Z"])
    String continuous = JsonOutput.toJson([gate: "nightly-load-test", testRuns: [ids.testRun],
        continuous: [interval: "30s", maxDuration: "1m", stopOnPass: true]])
    def evaluationBody = { Mutator m -> m.json(m.nextInt(4) == 0 ? continuous : evaluation) }
    def testRunQuery = [service: "shop", version: "1.0", suite: "load", environment: "ci",
        pipeline: "build-7", commit: "f00d", buildUrl: "https://ci.example/7"]
    def testRunFile = { Mutator m ->
      def (type, text) = [["application/xml", seeds.junit], ["application/json", seeds.k6],
          ["text/csv", seeds.jmeter]][m.nextInt(3)]
      [contentType: type, body: type == "application/json" ? m.json(text) : m.text(text)]
    }
    String gate = seeds.gate
    [
      json("POST", "/api/v1/tokens", bearer("admin")) { Mutator m ->
        [path: "/api/v1/tokens", body: m.json(JsonOutput.toJson(
            [name: "fz", role: "viewer", expiresAt: "2030-01-01T00:00:00Z"]))]
      },
      new FuzzTarget("POST", "/api/v1/gates{?note}", { Mutator m ->
        [path: "/api/v1/gates?" + m.query([note: "fuzz"]), contentType: "application/yaml",
         body: m.text(gate), headers: bearer("sre")]
      }),
      new FuzzTarget("PUT", "/api/v1/gates/{name}{?note}", { Mutator m ->
        [path: "/api/v1/gates/${m.segment("nightly-load-test")}?" + m.query([note: "fuzz"]),
         contentType: "application/yaml", body: m.text(gate), headers: bearer("sre")]
      }),
      new FuzzTarget("POST", "/api/v1/gates/validate", { Mutator m ->
        [path: "/api/v1/gates/validate", contentType: m.nextInt(4) == 0 ? "application/json" : "application/yaml",
         body: m.text(gate), headers: bearer("sre")]
      }),
      new FuzzTarget("POST", "/api/v1/test-runs{?service,version,suite,environment,pipeline,commit,buildUrl,format}", { Mutator m ->
        [path: "/api/v1/test-runs?" + m.query(testRunQuery), headers: bearer("pipeline")] + testRunFile(m)
      }),
      new FuzzTarget("POST", "/api/v1/test-runs/{id}/files{?format}", { Mutator m ->
        [path: "/api/v1/test-runs/${m.segment("${ids.testRun}")}/files", headers: bearer("pipeline")] + testRunFile(m)
      }),
      json("POST", "/api/v1/test-runs/{id}/pin", bearer("sre")) { Mutator m ->
        [path: "/api/v1/test-runs/${m.segment("${ids.testRun}")}/pin",
         body: m.json(JsonOutput.toJson([pinned: true, excluded: false]))]
      },
      json("POST", "/api/v1/evaluations{?wait,view}", bearer("pipeline")) { Mutator m ->
        [path: "/api/v1/evaluations?" + m.query([view: "compact"]), body: evaluationBody(m)]
      },
      json("POST", "/api/v1/evaluations/{id}/override", bearer("sre")) { Mutator m ->
        [path: "/api/v1/evaluations/${m.segment("${ids.evaluation}")}/override",
         body: m.json(JsonOutput.toJson([outcome: "PASS", reason: "approved", expiresAt: "2030-01-01T00:00:00Z"]))]
      },
      json("POST", "/api/v1/evaluations/{id}/cancel", bearer("sre")) { Mutator m ->
        [path: "/api/v1/evaluations/${m.segment("${ids.evaluation}")}/cancel",
         body: m.json(JsonOutput.toJson([reason: "rolled back by hand"]))]
      },
      json("POST", "/api/v1/evaluations/{id}/pin", bearer("sre")) { Mutator m ->
        [path: "/api/v1/evaluations/${m.segment("${ids.evaluation}")}/pin",
         body: m.json(JsonOutput.toJson([pinned: true, excluded: false]))]
      },
      json("PUT", "/api/v1/scenarios/{id}/triage", bearer("qa")) { Mutator m ->
        [path: "/api/v1/scenarios/${m.segment("${ids.scenario}")}/triage", body: m.json(JsonOutput.toJson(
            [state: "product_bug", owner: "team-qa", ticketUrl: "https://jira.example/T-1", comment: "seen"]))]
      },
      json("POST", "/api/v1/scenarios/triage-rules", bearer("qa")) { Mutator m ->
        [path: "/api/v1/scenarios/triage-rules", body: m.json(JsonOutput.toJson([pattern: "Timeout",
            environment: "test", state: "accepted", owner: "team-qa", ticketUrl: "https://jira.example/T-2", comment: "known"]))]
      },
      json("POST", "/api/v1/scenarios/mapping-rules", bearer("qa")) { Mutator m ->
        [path: "/api/v1/scenarios/mapping-rules", body: m.json(JsonOutput.toJson(
            [kind: "junit", pattern: "CartApi", service: "checkout", operation: "POST /cart"]))]
      },
      json("POST", "/api/v1/incidents", bearer("sre")) { Mutator m ->
        [path: "/api/v1/incidents", body: m.json(JsonOutput.toJson([service: "shop", title: "Checkout errors",
            severity: "high", environment: "prod", startedAt: "2026-11-30T10:00:00Z",
            resolvedAt: "2026-11-30T10:30:00Z", sourceId: "INC-7"]))]
      },
      new FuzzTarget("POST", "/api/v1/events/cdevents", { Mutator m ->
        [path: "/api/v1/events/cdevents", contentType: "application/cloudevents+json", headers: bearer("sre"),
         body: m.json(JsonOutput.toJson([specversion: "1.0", id: "e1", source: "/monitoring/prod1",
             type: "dev.cdevents.incident.${m.nextInt(2) == 0 ? 'detected' : 'resolved'}.0.2.0".toString(),
             time: "2026-11-30T10:00:00Z",
             data: [context: [version: "0.4.1", id: "c1", source: "/monitoring/prod1",
                              type: "dev.cdevents.incident.detected.0.2.0", timestamp: "2026-11-30T10:00:00Z"],
                    subject: [id: "incident-1", source: "/monitoring/prod1", type: "incident",
                              content: [description: "errors", environment: [id: "prod"], service: [id: "shop"]]],
                    customData: [severity: "low"]]]))]
      }),
      json("POST", "/api/v1/incidents/{id}/resolve", bearer("sre")) { Mutator m ->
        [path: "/api/v1/incidents/${m.segment("1")}/resolve",
         body: m.json(JsonOutput.toJson([resolvedAt: "2026-11-30T11:00:00Z"]))]
      },
      json("POST", "/api/v1/gates/{name}/bindings", bearer("sre")) { Mutator m ->
        [path: "/api/v1/gates/${m.segment("nightly-load-test")}/bindings", body: m.json(JsonOutput.toJson(
            [trigger: "deploy", services: ["shop"], environment: "production", watch: "30m", every: "1m"]))]
      },
      json("POST", "/api/v1/deployments", bearer("pipeline")) { Mutator m ->
        [path: "/api/v1/deployments", body: m.json(JsonOutput.toJson([service: "shop", version: "1.0.1",
            environment: "production", previousVersion: "1.0.0", kind: "upgraded", at: "2026-11-30T10:00:00Z", id: "d-1"]))]
      },
      json("POST", "/api/v1/flag-changes", bearer("pipeline")) { Mutator m ->
        [path: "/api/v1/flag-changes", body: m.json(JsonOutput.toJson([service: "shop", flag: "new-cart",
            variant: "on", environment: "production"]))]
      },
      json("POST", "/api/v1/integrations/argo/measure", bearer("pipeline")) { Mutator m ->
        [path: "/api/v1/integrations/argo/measure", body: evaluationBody(m)]
      },
      json("POST", "/api/v1/integrations/flagger/{hook}{?gate}", [:]) { Mutator m ->
        String hook = ["confirm-rollout", "pre-rollout", "confirm-promotion", "rollback", "post-rollout", "event"][m.nextInt(6)]
        [path: "/api/v1/integrations/flagger/${m.segment(hook)}?" + m.query([gate: "nightly-load-test"]),
         body: m.json(JsonOutput.toJson([name: "podinfo", namespace: "test", phase: "Progressing", checksum: "abc",
             metadata: [token: tokens.pipeline, gate: "nightly-load-test", service: "shop", interval: "30s", maxDuration: "1m"]]))]
      },
      json("POST", "/token_info", bearer("sre")) { Mutator m ->
        [path: "/token_info", body: m.json(JsonOutput.toJson([token: tokens.viewer, token_type_hint: "access_token"]))]
      },
      form("POST", "/ui/login", [:]) { Mutator m -> [path: "/ui/login", body: m.form([token: tokens.viewer])] },
      form("POST", "/ui/logout", [Cookie: "${ids.logoutCookie}"]) { Mutator m ->
        [path: "/ui/logout", body: m.form([_csrf: "${ids.logoutCsrf}"])]
      },
      form("POST", "/ui/gates/validate", ui) { Mutator m ->
        [path: "/ui/gates/validate", body: m.form([_csrf: "${ids.csrf}", document: m.text(gate)])]
      },
      form("POST", "/ui/gates/save", ui) { Mutator m ->
        [path: "/ui/gates/save", body: m.form([_csrf: "${ids.csrf}", document: m.text(gate)])]
      },
      form("POST", "/ui/scenarios/{id}/triage", [Cookie: "${ids.qaCookie}"]) { Mutator m ->
        [path: "/ui/scenarios/${m.segment("${ids.scenario}")}/triage", body: m.form([_csrf: "${ids.qaCsrf}",
            state: "test_bug", owner: "team-qa", ticketUrl: "https://jira.example/T-3", comment: "flaky"])]
      },
      form("POST", "/ui/decisions/{id}/override", ui) { Mutator m ->
        [path: "/ui/decisions/${m.segment("${ids.evaluation}")}/override",
         body: m.form([_csrf: "${ids.csrf}", outcome: "FAIL", reason: "blocked by hand", expires: "24h"])]
      },
    ]
  }

  private static FuzzTarget json(String method, String template, Map headers, Closure<Map> build) {
    new FuzzTarget(method, template, { Mutator m ->
      [contentType: "application/json", headers: headers] + build(m)
    })
  }

  private static FuzzTarget form(String method, String template, Map headers, Closure<Map> build) {
    new FuzzTarget(method, template, { Mutator m ->
      [contentType: "application/x-www-form-urlencoded", headers: headers] + build(m)
    })
  }
}
