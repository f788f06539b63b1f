package io.tollgate.gate

import io.tollgate.testsupport.FreePort
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

/**
 * The one-command demo, run from the jar as a newcomer runs it: its in-process Kafka broker, the
 * real ingest path, and two decisions printed with reasons.
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
    pb.environment().putAll([MICRONAUT_SERVER_HOST: "127.0.0.1", MICRONAUT_SERVER_PORT: port.toString()])
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
    new ApiClient(URI.create("http://127.0.0.1:$port/")).get("/health").body.status == "UP"

    cleanup:
    process?.destroy()
    process?.waitFor(30, TimeUnit.SECONDS)
    if (process?.alive) process.destroyForcibly()
  }
}
