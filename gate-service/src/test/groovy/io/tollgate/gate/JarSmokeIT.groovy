package io.tollgate.gate

import io.tollgate.gate.otlp.OtlpWire
import io.tollgate.testsupport.FreePort
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

/** The executable jar, started as a user would start it, with nothing else installed. */
class JarSmokeIT extends Specification {

  static final String ADMIN = "smoke-admin-token-0123456789"

  @Shared Path workDir = Files.createTempDirectory("tollgate-jar")
  @Shared Path log = workDir.resolve("tollgate.log")
  @Shared int port = FreePort.loopback()
  @Shared Process process
  @Shared ApiClient api = new ApiClient(URI.create("http://127.0.0.1:$port/"))

  def setupSpec() {
    def jar = Path.of(System.getProperty("tollgate.jar", "target/tollgate.jar")).toAbsolutePath()
    assert Files.exists(jar): "build the jar first: $jar"
    def pb = new ProcessBuilder("java", "-jar", jar.toString())
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
    pb.environment().putAll(
        MICRONAUT_SERVER_PORT: port.toString(),
        MICRONAUT_SERVER_HOST: "127.0.0.1",
        TOLLGATE_ADMIN_TOKEN: ADMIN)
    pb.environment().remove("OTEL_SDK_DISABLED")
    process = pb.start()
    new PollingConditions(timeout: 60, delay: 0.1).eventually {
      assert process.alive: "the service exited: ${log.toFile().text}"
      assert api.get("/health").status == 200
    }
  }

  def cleanupSpec() {
    process?.destroy()
    process?.waitFor(20, TimeUnit.SECONDS)
    if (process?.alive) process.destroyForcibly()
  }

  void "it answers health and metrics on embedded defaults"() {
    expect:
    api.get("/health").body.status == "UP"
    api.get("/metrics").text.contains("jvm_threads_current")
    Files.exists(workDir.resolve("data/tollgate.mv.db"))
  }

  void "the start says where the UI is and where the admin token comes from, not the token"() {
    given:
    def text = log.toFile().text

    expect:
    text.contains("Tollgate is ready: web UI http://127.0.0.1:$port/ui/")
    text.contains("the admin token is the one set in TOLLGATE_ADMIN_TOKEN")
    !text.contains(ADMIN)
    api.get("/swagger-ui/index.html").status == 200
  }

  void "a protected endpoint needs a token, and the right role"() {
    when:
    def anonymous = api.get("/api/v1/tokens")
    def viewer = api.post("/api/v1/tokens", ADMIN, [name: "v", role: "viewer"]).body.token
    def forbidden = api.get("/api/v1/tokens", viewer)

    then:
    anonymous.status == 401
    anonymous.type.startsWith("application/problem+json")
    forbidden.status == 403
    forbidden.type.startsWith("application/problem+json")
    api.get("/api/v1/tokens", ADMIN).status == 200
  }

  void "with no Kafka configured it runs single-node: an OTLP/HTTP export is ingested"() {
    given:
    def export = OtlpWire.handMade("smoke", 7, 0, System.currentTimeMillis() * 1_000_000L).toByteArray()

    when:
    def r = OtlpWire.post(api.base, "/v1/traces", ADMIN, "application/x-protobuf", export)

    then:
    r.statusCode() == 200
    log.toFile().text.contains("single-node mode: Kafka broker in this process at 127.0.0.1:")
    new PollingConditions(timeout: 30, delay: 0.2).eventually {
      assert api.get("/metrics").text =~ /(?m)^tollgate_ingest_spans_total 7\.0$/
    }
  }

  void "tracing is on without a collector, and silent"() {
    given:
    api.get("/api/v1/whoami", ADMIN)

    expect:
    !log.toFile().text.toLowerCase().contains("exporter")
    !log.toFile().text.contains("ERROR")
  }
}
