package io.tollgate.gate

import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.micronaut.test.support.TestPropertyProvider
import io.tollgate.gate.demo.SampleSpans
import io.tollgate.testsupport.KafkaFixture
import jakarta.inject.Inject
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import java.time.Duration
import org.apache.kafka.clients.consumer.KafkaConsumer
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest
import spock.lang.Shared
import spock.lang.Specification

import static io.tollgate.gate.ApiClient.ADMIN
import static io.tollgate.gate.QuickstartSpec.block

/**
 * Quickstart §4 as a newcomer runs it: its shell block, unchanged but for the addresses of the
 * service and of Kafka, in bash from the repository root after §3's setup lines, against a real
 * Kafka broker and a running service whose ingest reads it. {@code send-sample-spans} runs as a
 * process of its own through {@code io.tollgate.gate.Application}'s main (the test classpath
 * stands in for {@code gate-service/target/tollgate.jar}, which is packaged after the specs run).
 */
@MicronautTest
class QuickstartCanarySpec extends Specification implements TestPropertyProvider {
  static final Path ROOT = QuickstartSpec.ROOT

  @Shared KafkaFixture kafka

  @Inject EmbeddedServer server

  @Override
  Map<String, String> getProperties() {
    kafka = KafkaFixture.start()
    kafka.createTopic("otlp_spans", 3)
    kafka.createTopic("otlp_metrics", 1)
    kafka.createTopic("otlp_dead_letter", 1)
    ["tollgate.ingest.enabled"           : "true",
     "tollgate.ingest.bootstrap-servers" : kafka.bootstrapServers(),
     "tollgate.ingest.batch-interval"    : "200ms",
     "tollgate.evaluations.poll-interval": "200ms"]
  }

  def cleanupSpec() {
    kafka?.close()
  }

  static String java() {
    Path.of(System.getProperty("java.home"), "bin", "java").toString()
  }

  /** The server jar's command line, run from the test classpath. */
  static String serverJar() {
    "${java()} -cp '${System.getProperty("java.class.path")}' io.tollgate.gate.Application"
  }

  Process run(String script) {
    def pb = new ProcessBuilder("bash", "-c", script).directory(ROOT.toFile()).redirectErrorStream(true)
    pb.environment().put("TOLLGATE_ADMIN_TOKEN", ADMIN)
    pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin").toString() + ":" + System.getenv("PATH"))
    pb.start()
  }

  void "quickstart §4 sends sample spans through Kafka and decides PASS, then FAIL for the failing canary"() {
    given:
    def doc = ROOT.resolve("docs/quickstart.md").text
    def setup = block(doc, "## 3. Your first gate and decision").readLines()
        .takeWhile { !it.startsWith("# the gate") }.join("\n")
    def section = doc.substring(doc.indexOf("## 4. A canary gate"))
    def steps = block(section, "## 4. A canary gate")
    def script = (setup + "\n" + steps)
        .replace("http://localhost:8080", server.URI.toString().replaceAll('/$', ''))
        .replace("localhost:9092", kafka.bootstrapServers())
        .replace("java -jar gate-service/target/tollgate.jar", serverJar())
    assert Files.isRegularFile(ROOT.resolve("cli/target/tollgate-cli.jar"))
    assert setup.contains("cli() {")

    when:
    long started = System.nanoTime()
    def p = run(script)
    def out = p.inputStream.text
    assert p.waitFor(120, TimeUnit.SECONDS)
    def seconds = (System.nanoTime() - started) / 1e9
    println "quickstart §4 ran in ${seconds} s:\n$out"

    then: "the healthy canary passes"
    out =~ /(?m)^sent 40000 spans in 400 records to otlp_spans at \S+: checkout POST \/checkout canary 2\.0\.0 20000 requests \(\d+ failed\), baseline 1\.9\.0 20000 requests \(\d+ failed\), /
    out.contains("docs/examples/starter-canary-gate.yaml: ok")
    out =~ /(?m)^PASS  gate starter-canary v1  evaluation \d+  score 100\.0%$/
    !out.contains("Startup completed")

    and: "the canary with 2 % errors fails on its error rate, and the block ends with its exit code"
    out =~ /(?m)^sent 40000 spans .* canary 2\.1\.0 20000 requests \(\d+ failed\)/
    out =~ /(?m)^FAIL  gate starter-canary v1  evaluation \d+/
    out.contains("key criterion failed: error_rate statistical: canary error rate")
    out.readLines().findAll { it.startsWith("exit ") } == ["exit 0", "exit 1"]

    and: "the output shown in the quickstart is what it prints"
    def shown = section.substring(section.indexOf("It prints"))
    shown.contains("PASS  gate starter-canary v1  evaluation 2  score 100.0%")
    def sent = out.readLines().findAll { it.startsWith("sent ") }
        .collect { it.substring(it.indexOf(": checkout"), it.lastIndexOf("failed)") + 7) }
    sent.size() == 2
    sent.every { shown.contains(it) }
    shown.contains("FAIL  gate starter-canary v1  evaluation 3  score 50.0%")

    and: "it stays quick"
    seconds < 90
  }

  void "the records are OTLP ExportTraceServiceRequests as the Collector writes them"() {
    given:
    kafka.createTopic("sample_check", 1)

    when:
    def p = run("${serverJar()} send-sample-spans --bootstrap-servers ${kafka.bootstrapServers()} " +
        "--topic sample_check --service payments --canary-version 2.0.0 --baseline-version 1.9.0 " +
        "--minutes 2 --requests-per-minute 150 --canary-error-rate=1")
    def out = p.inputStream.text
    assert p.waitFor(60, TimeUnit.SECONDS)
    def requests = []
    new KafkaConsumer<byte[], byte[]>(kafka.consumerProperties("sample-check")).withCloseable { c ->
      c.subscribe(["sample_check"])
      long until = System.nanoTime() + Duration.ofSeconds(30).toNanos()
      while (requests.size() < 8 && System.nanoTime() < until) {
        c.poll(Duration.ofMillis(500)).each { requests << ExportTraceServiceRequest.parseFrom(it.value()) }
      }
    }
    def spans = requests.collectMany { r -> r.resourceSpansList.collectMany { rs ->
      def attrs = rs.resource.attributesList.collectEntries { [(it.key): it.value.stringValue] }
      rs.scopeSpansList.collectMany { it.spansList }.collect { [attrs: attrs, span: it] } } }

    then:
    p.exitValue() == 0
    out.contains("sent 600 spans in 8 records to sample_check")
    out.contains("canary 2.0.0 300 requests (300 failed), baseline 1.9.0 300 requests")
    requests.size() == 8
    spans.size() == 600
    spans.findAll { it.attrs["tollgate.track"] == "canary" }.every {
      it.attrs["service.name"] == "payments" && it.attrs["service.version"] == "2.0.0" &&
          it.span.status.code.toString() == "STATUS_CODE_ERROR" && it.span.name == "POST /checkout"
    }
    spans.count { it.attrs["tollgate.track"] == "baseline" && it.attrs["service.version"] == "1.9.0" } == 300
  }

  void "a usage error exits 64 with the reason and the usage, and starts nothing: #args"() {
    when:
    def p = run("${serverJar()} send-sample-spans $args")
    def out = p.inputStream.text
    assert p.waitFor(60, TimeUnit.SECONDS)

    then:
    p.exitValue() == 64
    out.contains(reason)
    out.contains("Usage: java -jar tollgate.jar send-sample-spans")
    !out.contains("Startup completed")

    where:
    args                                                               | reason
    ""                                                                 | "--bootstrap-servers is required"
    "--bootstrap-servers localhost:1 --minutes ten"                    | "--minutes must be a whole number, not 'ten'"
    "--bootstrap-servers localhost:1 --canary-error-rate 2"            | "--canary-error-rate must be a share between 0 and 1"
    "--bootstrap-servers localhost:1 --colour blue"                    | "unknown option --colour"
    "--bootstrap-servers"                                              | "--bootstrap-servers needs a value"
    "--bootstrap-servers localhost:1 --canary-version 1 --baseline-version 1" | "must differ"
  }

  void "a broker that does not answer is an error within half a minute, exit 1"() {
    given:
    int port = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()).withCloseable { it.localPort }

    when:
    long started = System.nanoTime()
    def p = run("${serverJar()} send-sample-spans --bootstrap-servers 127.0.0.1:$port --minutes 1")
    def out = p.inputStream.text
    assert p.waitFor(60, TimeUnit.SECONDS)

    then:
    p.exitValue() == 1
    out.contains("send-sample-spans: could not send to Kafka at 127.0.0.1:$port")
    !(out =~ /(?m)^sent \d+ spans/)
    (System.nanoTime() - started) / 1e9 < 40
  }

  void "--help prints the usage and exits 0"() {
    expect:
    SampleSpans.run(["--help"] as String[], new PrintStream(new ByteArrayOutputStream()), System.err) == 0
  }
}
