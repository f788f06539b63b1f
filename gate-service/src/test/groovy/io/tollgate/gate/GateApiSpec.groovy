package io.tollgate.gate

import io.micronaut.context.annotation.Property
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import jakarta.inject.Inject
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import static io.tollgate.gate.ApiClient.ADMIN

@MicronautTest
@Property(name = "tollgate.gates.directory", value = "target/gitops-gates")
@Property(name = "tollgate.gates.poll-interval", value = "200ms")
class GateApiSpec extends Specification {

  static final Path GITOPS = Path.of("target/gitops-gates")

  static {
    // the directory must exist (with one gate) before the application context starts
    GITOPS.toFile().deleteDir()
    Files.createDirectories(GITOPS)
    Files.writeString(GITOPS.resolve("testrun-gate.yaml"), Path.of("../docs/examples/testrun-gate.yaml").text)
  }

  @Inject EmbeddedServer server

  ApiClient api() { new ApiClient(server.URI) }

  String tokenFor(String role) {
    api().post("/api/v1/tokens", ADMIN, [name: role, role: role]).body.token
  }

  static String example(String name) { Path.of("../docs/examples/$name").text }

  Map putYaml(String token, String path, String yaml, String method = "POST") {
    api().call(method, path, token, yaml, "application/yaml")
  }

  void "an SRE creates a gate from the documented example and every change is a new version"() {
    given:
    def sre = tokenFor("sre")
    def yaml = example("canary-gate.yaml")

    when:
    def v1 = putYaml(sre, "/api/v1/gates", yaml)
    def same = putYaml(sre, "/api/v1/gates", yaml)
    def v2 = putYaml(sre, "/api/v1/gates/checkout-canary", yaml.replace("pass: 90", "pass: 95"), "PUT")

    then:
    v1.status == 201
    v1.body.version.version == 1
    v1.body.version.author == "sre"
    same.status == 200
    !same.body.created
    same.body.version.version == 1
    v2.status == 201
    v2.body.version.version == 2

    when:
    def viewer = tokenFor("viewer")
    def latest = api().get("/api/v1/gates/checkout-canary", viewer)
    def first = api().get("/api/v1/gates/checkout-canary?version=1", viewer)
    def history = api().get("/api/v1/gates/checkout-canary/versions", viewer)
    def diff = api().get("/api/v1/gates/checkout-canary/diff?from=1&to=2", viewer)
    def raw = api().call("GET", "/api/v1/gates/checkout-canary", viewer, null, null, [Accept: "application/yaml"])

    then:
    latest.body.version == 2
    latest.body.document.contains("pass: 95")
    first.body.document == yaml
    history.body*.version == [2, 1]
    diff.body.unifiedDiff.contains("-    pass: 90")
    diff.body.unifiedDiff.contains("+    pass: 95")
    raw.type.startsWith("application/yaml")
    raw.text.contains("pass: 95")
    api().get("/api/v1/gates", viewer).body*.name.contains("checkout-canary")
  }

  void "a broken gate is refused with positioned issues, and validate says the same without storing"() {
    given:
    def sre = tokenFor("sre")
    def broken = example("broken-gate.yaml")

    when:
    def saved = putYaml(sre, "/api/v1/gates", broken)
    def checked = putYaml(sre, "/api/v1/gates/validate", broken)

    then:
    [saved, checked].every { r ->
      r.status == 422 &&
          r.type.startsWith("application/problem+json") &&
          r.body.type == "urn:tollgate:problem:invalid-gate" &&
          r.body.detail.contains("gate.yaml:12:18: error: 'direction' must be one of lower_is_better") &&
          r.body.detail.contains("did you mean 'lower_is_better'?") &&
          r.body.errors.find { it.line == 20 && it.column == 11 }.message.contains("unknown key 'wieght'")
    }
    api().get("/api/v1/gates/broken-gate", sre).status == 404
  }

  void "validate accepts a good document and names it"() {
    when:
    def r = putYaml(tokenFor("pipeline"), "/api/v1/gates/validate", example("budget-gate.yaml"))

    then:
    r.status == 200
    r.body.valid
    r.body.slis >= 1
  }

  void "hostile YAML is an issue, not a crash"() {
    when:
    def r = putYaml(tokenFor("sre"), "/api/v1/gates/validate", yaml)

    then:
    r.status == 422
    r.body.type == "urn:tollgate:problem:invalid-gate"

    where:
    yaml << [
        'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
        "[" * 5000 + "]" * 5000,
        "apiVersion: tollgate.io/v1\nkind: Gate\nmetadata: {name: x}\nspec: !!java.lang.Runtime {}",
        "\t- not yaml: ["]
  }

  void "an empty body is a 400 that says the body is required"() {
    when:
    def r = putYaml(tokenFor("sre"), "/api/v1/gates/validate", "")

    then:
    r.status == 400
    r.body.detail == "the request body is required"
  }

  void "an owner longer than the stored column is a 400 naming it, not a 500"() {
    given:
    def doc = example("canary-gate.yaml").replace("name: checkout-canary", "name: long-owner")
        .replace("owner: team-payments", "owner: " + "o" * 201)

    when:
    def r = putYaml(tokenFor("sre"), "/api/v1/gates", doc)

    then:
    r.status == 400
    r.body.detail.contains("metadata.owner has 201 characters")
  }

  void "the name in the path must match the document"() {
    when:
    def r = putYaml(tokenFor("sre"), "/api/v1/gates/another-name", example("canary-gate.yaml"), "PUT")

    then:
    r.status == 400
    r.body.detail.contains("'checkout-canary'")
  }

  void "gates from the GitOps directory load at start-up, follow file changes and are read-only"() {
    given:
    def sre = tokenFor("sre")
    def name = "nightly-load-test"

    expect:
    api().get("/api/v1/gates/$name", sre).body.version == 1
    api().get("/api/v1/gates", sre).body.find { it.name == name }.origin == "file"

    when: "the file changes"
    Files.writeString(GITOPS.resolve("testrun-gate.yaml"), example("testrun-gate.yaml") + "\n# reviewed\n")

    then:
    new PollingConditions(timeout: 10).eventually {
      assert api().get("/api/v1/gates/$name", sre).body.version == 2
    }
    api().get("/api/v1/gates/$name/versions", sre).body[0].author == "gitops"

    when: "someone tries to change it through the API"
    def r = putYaml(sre, "/api/v1/gates", example("testrun-gate.yaml"))

    then:
    r.status == 409
    r.body.detail.contains("managed from the file")
  }

  void "only SREs and admins write gates"() {
    expect:
    putYaml(tokenFor(role), "/api/v1/gates", example("budget-gate.yaml")).status in statuses

    where:
    role       || statuses
    "viewer"   || [403]
    "qa"       || [403]
    "pipeline" || [403]
    "sre"      || [200, 201]
    "admin"    || [200, 201]
  }

  void "an unknown gate or version is a 404 problem"() {
    expect:
    api().get(path, tokenFor("viewer")).body.type == "urn:tollgate:problem:not-found"

    where:
    path << ["/api/v1/gates/nope", "/api/v1/gates/nope/versions"]
  }
}
