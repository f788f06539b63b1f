package io.tollgate.gate

import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.tollgate.cli.Main
import jakarta.inject.Inject
import java.nio.file.Path
import org.yaml.snakeyaml.Yaml
import spock.lang.Specification

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * The integration examples in docs/examples/integrations are what users copy: each is run against
 * the service here (Argo's web metric and Flagger's webhooks as those tools send them) or parsed by
 * the real CLI (pipeline snippets), so the docs cannot drift from the product.
 */
@MicronautTest
class IntegrationExamplesSpec extends Specification {

  static final Path EXAMPLES = Path.of("../docs/examples/integrations")

  @Inject EmbeddedServer server

  ApiClient api() { new ApiClient(server.URI) }

  String tokenFor(String role) {
    api().post("/api/v1/tokens", ADMIN, [name: role, role: role]).body.token
  }

  def setup() {
    def sre = tokenFor("sre")
    ["canary-gate.yaml", "testrun-gate.yaml"].each {
      api().call("POST", "/api/v1/gates", sre, Path.of("../docs/examples/$it").text, "application/yaml")
    }
  }

  /** Argo substitutes {{args.x}} everywhere in the metric before it sends the request. */
  static Object substitute(Object node, Map<String, String> args) {
    switch (node) {
      case Map: return node.collectEntries { k, v -> [(k): substitute(v, args)] }
      case List: return node.collect { substitute(it, args) }
      case String: return node.replaceAll(/\{\{args\.([a-z-]+)\}\}/) { all, name -> args[name] }
      default: return node
    }
  }

  void "the Argo AnalysisTemplate's web metric gets 200 JSON that its conditions can read"() {
    given:
    def template = new Yaml().load(EXAMPLES.resolve("argo-analysis-template.yaml").text)
    def metric = template.spec.metrics[0]
    def args = [service: "checkout", "canary-version": "1.5.0", "stable-version": "1.4.2", rollout: "checkout",
                revision: "7", gate: template.spec.args.find { it.name == "gate" }.value, "tollgate-token": tokenFor("pipeline")]
    def web = substitute(metric.provider.web, args)
    def path = URI.create(web.url).path
    def headers = web.headers.collectEntries { [(it.key): it.value] }

    when:
    def first = api().call(web.method, path, null, web.jsonBody, headers["Content-Type"], headers)
    def second = api().call(web.method, path, null, web.jsonBody, headers["Content-Type"], headers)

    then:
    first.status == 200
    first.body.decision == "PENDING"
    first.body.keySet() == ["decision", "evaluationId", "reasons", "url"] as Set || first.body.containsKey("score")
    second.body.evaluationId == first.body.evaluationId
    metric.count > 0 // an inline step analysis completes only after count measurements
    metric.successCondition.contains('result.decision == "PASS"')
    metric.failureCondition.contains('result.decision == "FAIL"')
  }

  void "each Flagger webhook of the Canary example answers as Flagger expects before any data"() {
    given:
    def canary = new Yaml().load(EXAMPLES.resolve("flagger-canary.yaml").text)
    def token = tokenFor("pipeline")

    when:
    def answers = canary.spec.analysis.webhooks.collectEntries { hook ->
      def payload = [name: canary.metadata.name, namespace: canary.metadata.namespace, phase: "Progressing",
                     checksum: "6c8f9d", metadata: hook.metadata + [token: token]]
      def r = api().call("POST", URI.create(hook.url).path, null, payload)
      [(hook.type): r]
    }

    then:
    answers.keySet() == ["confirm-rollout", "rollout", "confirm-promotion", "rollback"] as Set
    answers["confirm-rollout"].status == 403
    answers["confirm-rollout"].text.startsWith("no decision of gate nightly-load-test")

    and: "each hook names the workload's service, as uploads and evaluations do, never the namespace"
    canary.spec.analysis.webhooks.every { it.metadata.service in [null, canary.spec.targetRef.name] }
    answers["rollout"].status == 200
    answers["rollout"].text.startsWith("PENDING")
    answers["confirm-promotion"].status == 403
    answers["rollback"].status == 403
    answers["rollback"].text.startsWith("no rollback")
  }

  void "every pipeline example fetches the CLI the server serves before it runs it"() {
    expect:
    ["github-actions.yaml", "gitlab-ci.yaml", "Jenkinsfile"].every { file ->
      def text = EXAMPLES.resolve(file).text
      def fetch = text.indexOf('curl -fsSLo tollgate-cli.jar "$TOLLGATE_URL/cli/tollgate-cli.jar"')
      fetch >= 0 && fetch < text.indexOf("java -jar tollgate-cli.jar")
    }
    api().get("/cli/tollgate-cli.jar").status == 200
  }

  void "every tollgate-cli command line in the pipeline examples parses with the real CLI"() {
    when:
    def commands = ["github-actions.yaml", "gitlab-ci.yaml", "Jenkinsfile"].collectMany { file ->
      // join continued lines, then take each "java -jar tollgate-cli.jar ..." invocation
      def text = EXAMPLES.resolve(file).text.replaceAll(/\\\n\s*/, " ").replaceAll(/>\n\s*/, "")
          .replaceAll(/\n\s{10,}(?=--|java|target|build)/, " ")
      (text =~ /java -jar tollgate-cli\.jar ([^\n']+)/).collect { it[1].replace('"', '').trim() }
    }

    then:
    commands.size() >= 5
    commands.every { line ->
      def words = line.replaceAll(/\$\{\{[^}]+\}\}|\$[A-Z_]+/, "x").split(/\s+/).findAll { it }
      Main.commandLine().parseArgs(words as String[]) != null
    }
  }
}
