package io.tollgate.gate

import io.tollgate.testsupport.FreePort
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

/**
 * The one-command demo, run from the jar as a newcomer runs it: its in-process Kafka broker, the
 * real ingest path, two decisions printed with reasons, and a scenario catalog whose coverage by
 * the smoke suite's traces has all three outcomes.
 */
class DemoIT extends Specification {

  void "java -jar tollgate.jar demo prints a PASS and a FAIL with reasons from data through Kafka"() {
    given:
    def jar = Path.of(System.getProperty("tollgate.jar", "target/tollgate.jar")).toAbsolutePath()
    def dir = Files.createTempDirectory("tollgate-demo")
    def log = dir.resolve("demo.log").toFile()
    def port = FreePort.loopback()
    def pb = new ProcessBuilder("java", "-jar", jar.toString(), "demo")
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log)
    pb.environment().putAll([MICRONAUT_SERVER_HOST: "127.0.0.1", MICRONAUT_SERVER_PORT: port.toString(),
                             TOLLGATE_ADMIN_TOKEN: ApiClient.ADMIN])
    def process = pb.start()

    when:
    new PollingConditions(timeout: 240, delay: 1).eventually {
      assert log.text.contains("The service keeps running") || !process.alive
    }
    def out = log.text

    then:
    out.contains("gate demo-checkout-canary v1 loaded from docs/examples/demo-canary-gate.yaml")
    out =~ /checkout 1\.5\.0 vs 1\.4\.2: PASS/
    out =~ /checkout 1\.6\.0 vs 1\.4\.2: FAIL .*key criterion failed: error_rate/
    out =~ /FAIL\s+error_rate\s+statistical: canary error rate/
    out =~ /test run \d+ \(test\.run\.id demo-nightly-1\) uploaded/
    out =~ /checkout's failure scenarios by their tests' traces: 2 covered, 1 touched, 1 uncovered \(production fails on GET \/cart\/\{cartId\}/

    when: 'the catalog is read through the API'
    def api = new ApiClient(URI.create("http://127.0.0.1:$port/"))
    def scenarios = api.get("/api/v1/scenarios?service=checkout&limit=100", ApiClient.ADMIN).body
        .findAll { it.environment != "TEST" }
    def byMode = scenarios.collectEntries { [("$it.environment $it.operation $it.errorClass" as String): it] }

    then: 'the read timeout is covered by the failing case, by its traces'
    api.get("/health").body.status == "UP"
    byMode.keySet() == ["PRODUCTION POST /checkout java.net.SocketTimeoutException",
                        "CANARY POST /checkout java.net.SocketTimeoutException",
                        "CANARY POST /checkout java.sql.SQLTransientConnectionException",
                        "PRODUCTION GET /cart/{cartId} java.net.ConnectException"] as Set
    ["PRODUCTION", "CANARY"].every { env ->
      def s = byMode["$env POST /checkout java.net.SocketTimeoutException" as String]
      s.coverage == "COVERED" && s.covering.collect { [it.key, it.via] } == [["CheckoutIT.readTimeout", "trace"]]
    }

    and: "the canary's connection-pool failure is only touched, by both cases"
    with(byMode["CANARY POST /checkout java.sql.SQLTransientConnectionException"]) {
      coverage == "TOUCHED"
      touching*.key as Set == ["CheckoutIT.readTimeout", "CheckoutIT.happyPath"] as Set
    }

    and: "production's failure on an operation the suite never calls is uncovered"
    with(byMode["PRODUCTION GET /cart/{cartId} java.net.ConnectException"]) {
      coverage == "UNCOVERED"
      !covering
      !touching
    }

    cleanup:
    process?.destroy()
    process?.waitFor(30, TimeUnit.SECONDS)
    if (process?.alive) process.destroyForcibly()
  }
}
