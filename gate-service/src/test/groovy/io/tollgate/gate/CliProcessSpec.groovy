package io.tollgate.gate

import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import jakarta.inject.Inject
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * The tollgate CLI as a pipeline runs it: {@code java -jar tollgate-cli.jar} in its own process
 * (the shaded jar the cli module builds), against this service over HTTP, with the token in the
 * environment.
 */
@MicronautTest
class CliProcessSpec extends Specification {
  static final Path JAR = CliJar.JAR

  @Inject EmbeddedServer server

  @Shared String pipelineToken

  ApiClient api() { new ApiClient(server.URI) }

  def setup() {
    assert Files.isRegularFile(JAR): "build the CLI first: ./mvnw -pl cli -am install -DskipTests"
    def sre = api().post("/api/v1/tokens", ADMIN, [name: "sre", role: "sre"]).body.token
    pipelineToken = api().post("/api/v1/tokens", ADMIN, [name: "pipeline", role: "pipeline"]).body.token
    api().call("POST", "/api/v1/gates", sre, Path.of("../docs/examples/testrun-gate.yaml").text, "application/yaml")
    api().call("POST", "/api/v1/gates", sre, Path.of("../docs/examples/canary-gate.yaml").text, "application/yaml")
  }

  Map tollgate(String... args) {
    CliJar.run(server.URI, pipelineToken, args)
  }

  Path resource(String name) {
    def f = Files.createTempFile("tollgate", name)
    Files.writeString(f, getClass().getResource("/testrun/$name").text)
    f
  }

  void "tollgate alone lists its commands and exits 64"() {
    when:
    def r = tollgate()

    then:
    r.code == 64
    r.err.contains("missing command: rules, evaluate, decision, test-run")
    r.err.contains("Commands:")
    r.err =~ /(?m)^  test-run /
  }

  void "'#args' shows that command's own options and exits 0"() {
    when:
    def r = tollgate(*args.split(" "))

    then:
    r.code == 0
    r.out.startsWith("Usage: tollgate " + usage)
    r.out.contains(option)

    where:
    args                        || usage              | option
    "--help"                    || "[-hV] [COMMAND]"  | "Commands:"
    "decision --help"           || "decision"         | "--evaluation=<evaluation>"
    "evaluate --help"           || "evaluate"         | "--timeout=<timeoutText>"
    "test-run --help"           || "test-run"         | "upload"
    "test-run upload --help"    || "test-run upload"  | "--format=<format>"
    "help test-run upload"      || "test-run upload"  | "--format=<format>"
    "rules --help"              || "rules"            | "lint"
    "rules lint --help"         || "rules lint"       | "FILE"
    "rules test --help"         || "rules test"       | "FILE"
    "rules import --help"       || "rules import"     | "--from"
    "help decision"             || "decision"         | "--strict"
  }

  void "evaluate without --wait exits 4 (pending), and decision exits with the decision once it is made"() {
    given:
    def upload = tollgate("test-run", "upload", resource("surefire-rerun.xml").toString(),
        "--service", "shop", "--suite", "cli-process", "--version", "3.1.0")
    assert upload.code == 0: upload.err
    def runId = (upload.out =~ /test run (\d+)/)[0][1]

    when:
    def started = tollgate("evaluate", "--gate", "nightly-load-test", "--test-run", runId)
    def id = (started.out =~ /evaluation (\d+) started/)[0][1]

    then:
    started.code == 4
    started.out.contains("decision pending")
    started.out.contains("tollgate decision --evaluation $id")

    and: "decision exits 4 while pending, then 1 for the FAIL"
    new PollingConditions(timeout: 30, delay: 0.5).eventually {
      def d = tollgate("decision", "--evaluation", id)
      assert d.code in [1, 4]
      assert d.code == 1
      assert d.out.startsWith("FAIL")
    }
  }

  void "a missing evaluation exits 3 and says so"() {
    when:
    def r = tollgate("decision", "--evaluation", "987654321")

    then:
    r.code == 3
    r.err.startsWith("error: no evaluation 987654321")
  }

  void "--wait stops at the timeout as written and exits 4"() {
    when: "a continuous canary evaluation with no data keeps looking"
    def r = tollgate("evaluate", "--gate", "checkout-canary",
        "--canary", "service=cli-nodata,track=canary", "--baseline", "service=cli-nodata,track=baseline",
        "--continuous", "--interval", "30s", "--max-duration", "10m", "--wait", "--timeout", "2s")

    then:
    r.code == 4
    r.err =~ /no decision within 2s \(evaluation \d+ is still running; exit 4\)/
  }

  void "an unknown --var is refused with the gate's variables, before anything starts"() {
    when:
    def r = tollgate("evaluate", "--gate", "checkout-canary", "--target", "service=a", "--lookback", "5m",
        "--var", "namespce=shop")

    then:
    r.code == 64
    r.err.contains("--var namespce: gate 'checkout-canary' declares no such variable (it declares: namespace)")
  }

  void "files that cannot be read give the reason"() {
    when:
    def missing = tollgate("test-run", "upload", "/no/such/report.xml", "--service", "shop")
    def dir = tollgate("rules", "lint", Files.createTempDirectory("gates").toString())

    then:
    missing.code == 64
    missing.err.startsWith("cannot read /no/such/report.xml: no such file")
    dir.code == 1
    dir.out.contains("error: cannot read file: it is a directory")
  }

  void "an upload of a broken file names the format it was read as and where it broke"() {
    given:
    def broken = Files.createTempFile("broken", ".xml")
    Files.writeString(broken, '<testsuite name="a">\n  <testcase name="x">\n')
    def garbage = Files.createTempFile("garbage", ".xml")
    Files.writeString(garbage, 'testsuite name="a"')

    when:
    def b = tollgate("test-run", "upload", broken.toString(), "--service", "shop")
    def g = tollgate("test-run", "upload", garbage.toString(), "--service", "shop")

    then:
    b.code == 3
    b.err.contains("read as JUnit XML (told from its first bytes): not well-formed XML")
    g.code == 3
    g.err.contains("tried JUnit XML (starts with '<'), k6 summary JSON (starts with '{') and JMeter CSV")
  }

  void "the service serves the CLI jar it was built with, and that jar runs"() {
    given:
    def fetched = Files.createTempFile("fetched", ".jar")

    when: "fetched as the pipeline examples do, without a token"
    def c = (HttpURLConnection) server.URI.resolve("/cli/tollgate-cli.jar").toURL().openConnection()
    fetched.bytes = c.inputStream.bytes
    def p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", fetched.toString(), "--version").redirectErrorStream(true).start()
    def out = p.inputStream.text
    p.waitFor(60, TimeUnit.SECONDS)

    then:
    c.responseCode == 200
    c.contentType == "application/java-archive"
    p.exitValue() == 0
    out.startsWith("tollgate ")
  }
}
