package io.tollgate.gate

import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.tollgate.cli.Main
import io.tollgate.testsupport.FreePort
import jakarta.inject.Inject
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification

import static io.tollgate.gate.ApiClient.ADMIN

/** The tollgate CLI against a running service, as a pipeline runs it. */
@MicronautTest
class CliSpec extends Specification {

  @Inject EmbeddedServer server

  ApiClient api() { new ApiClient(server.URI) }

  String tokenFor(String role) {
    api().post("/api/v1/tokens", ADMIN, [name: role, role: role]).body.token
  }

  Map run(String command, List<String> args, String token = tokenFor("pipeline"), String url = server.URI.toString()) {
    def out = new StringWriter()
    def err = new StringWriter()
    def words = command.split(" ").toList()
    int code = Main.run(new PrintWriter(out), new PrintWriter(err),
        (words + ["--server", url, "--token", token] + args) as String[])
    [code: code, out: out.toString(), err: err.toString()]
  }

  Path file(String resource) {
    def f = Files.createTempFile("tollgate", resource.replace("/", "-"))
    Files.writeString(f, getClass().getResource("/testrun/$resource").text)
    f
  }

  def setup() {
    api().call("POST", "/api/v1/gates", tokenFor("sre"), Path.of("../docs/examples/testrun-gate.yaml").text, "application/yaml")
  }

  void "upload test results, evaluate them, and exit with the decision"() {
    when:
    def upload = run("test-run upload", [file("surefire-rerun.xml").toString(), file("nested-suites.xml").toString(),
                                          "--service", "shop", "--suite", "cli", "--commit", "abc", "--version", "3.1.0"])

    then:
    upload.code == 0
    upload.out =~ /test run \d+: 2 files, 8 cases: 3 passed, 2 failed, 1 errors, 1 skipped, 1 flaky/

    when:
    def id = (upload.out =~ /test run (\d+)/)[0][1]
    assert api().get("/api/v1/test-runs/$id", ADMIN).body.run.version == "3.1.0"
    def evaluation = run("evaluate", ["--gate", "nightly-load-test", "--test-run", id, "--wait", "--timeout", "PT30S"])

    then:
    evaluation.code == 1
    evaluation.out.startsWith("FAIL")
    evaluation.out.contains("pass_ratio")

    when:
    def json = run("decision", ["--gate", "nightly-load-test", "--service", "shop", "--json"])

    then:
    json.code == 1
    json.out.contains('"decision" : "FAIL"')
  }

  void "exit codes: 64 for usage, 3 when the service is unreachable or refuses, 2 without a decision"() {
    expect:
    run("evaluate", ["--gate", "x", "--canary", "nonsense"]).code == 64
    run("evaluate", ["--gate", "x", "--target", "service=a", "--lookback", "5m"],
        "t", "http://127.0.0.1:" + FreePort.loopback()).code == 3
    run("evaluate", ["--gate", "no-such-gate", "--target", "service=a", "--lookback", "5m"]).err.contains("gate 'no-such-gate'")
    run("decision", ["--gate", "nightly-load-test", "--service", "never-evaluated"]).code == 2
    run("test-run upload", ["/no/such/file.xml", "--service", "a"]).code == 64
  }
}
