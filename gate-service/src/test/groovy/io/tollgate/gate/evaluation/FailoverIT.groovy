package io.tollgate.gate.evaluation

import com.sun.net.httpserver.HttpServer
import io.tollgate.gate.ApiClient
import io.tollgate.testsupport.FreePort
import io.tollgate.testsupport.PostgresFixture
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

/**
 * Two service processes (the shaded jar) on one PostgreSQL run 50 continuous evaluations; one is
 * killed with SIGKILL while it runs steps. Every evaluation finishes, each step is recorded exactly
 * once, and every job the dead replica held gets a new owner within 30 s. Each step reads a slow
 * Prometheus stand-in (300 ms), so the kill lands mid-step.
 */
class FailoverIT extends Specification {
  static final String ADMIN = "failover-admin-token-0123456789"
  static final int EVALUATIONS = 50
  static final String GATE = '''apiVersion: tollgate.io/v1
kind: Gate
metadata:
  name: slow-watch
spec:
  slis:
    - name: rate
      source:
        prometheus:
          query: sum(rate(http_requests_total{service="$service"}[1m]))
      criteria:
        - absolute:
            pass: "< 100"
'''

  @Shared @AutoCleanup PostgresFixture pg = PostgresFixture.start()
  @Shared Path work = Files.createTempDirectory("tollgate-failover")
  @Shared HttpServer prometheus
  @Shared List<Process> processes = []

  def setupSpec() {
    prometheus = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50)
    prometheus.executor = Executors.newFixedThreadPool(16)
    prometheus.createContext("/api/v1/query") { ex ->
      Thread.sleep(600)
      def now = System.currentTimeMillis() / 1000.0
      def body = """{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[$now,"1"]}]}}"""
      ex.responseHeaders.add("Content-Type", "application/json")
      ex.sendResponseHeaders(200, body.bytes.length)
      ex.responseBody.withCloseable { it.write(body.bytes) }
    }
    prometheus.start()
  }

  def cleanupSpec() {
    processes.each { it.destroyForcibly(); it.waitFor(20, TimeUnit.SECONDS) }
    prometheus?.stop(0)
  }

  Map start(String name) {
    int port = FreePort.loopback()
    def jar = Path.of(System.getProperty("tollgate.jar", "target/tollgate.jar")).toAbsolutePath()
    assert Files.exists(jar): "build the jar first: $jar"
    def log = work.resolve("${name}.log")
    def pb = new ProcessBuilder("java", "-Xmx256m",
        "-Dmicronaut.server.port=$port", "-Dmicronaut.server.host=127.0.0.1",
        "-Ddatasources.default.url=${pg.jdbcUrl()}", "-Ddatasources.default.username=${pg.user()}",
        "-Ddatasources.default.password=${pg.password()}",
        "-Ddatasources.default.driver-class-name=org.postgresql.Driver",
        "-Dtollgate.security.admin-token=$ADMIN",
        "-Dtollgate.prometheus.url=http://127.0.0.1:${prometheus.address.port}/",
        "-Dtollgate.evaluations.poll-interval=200ms",
        "-Dtollgate.evaluations.max-active-per-token=100",
        "-Dtollgate.single-node.enabled=false",
        "-jar", jar.toString())
        .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
    pb.environment().put("OTEL_SDK_DISABLED", "true")
    def p = pb.start()
    processes << p
    def api = new ApiClient(URI.create("http://127.0.0.1:$port/"))
    new PollingConditions(timeout: 90, delay: 0.2).eventually {
      assert p.alive: "replica $name exited: ${log.toFile().text}"
      assert api.get("/health").status == 200
    }
    [process: p, api: api, log: log]
  }

  List<List> rows(String sql) {
    pg.connect().withCloseable { c ->
      def r = c.createStatement().executeQuery(sql)
      def out = []
      int n = r.metaData.columnCount
      while (r.next()) out << (1..n).collect { r.getObject(it) }
      out
    }
  }

  void "a replica killed mid-step loses no evaluation and no step runs twice"() {
    given: "two replicas on one database and 50 continuous evaluations"
    def a = start("a")
    def b = start("b")
    def sre = a.api.post("/api/v1/tokens", ADMIN, [name: "sre", role: "sre"]).body.token
    def pipeline = a.api.post("/api/v1/tokens", ADMIN, [name: "pipeline", role: "pipeline"]).body.token
    assert a.api.call("POST", "/api/v1/gates", sre, GATE, "application/yaml").status in [200, 201]

    and: "a pipeline long-polling on B is answered at once when an SRE overrides on A"
    long watched = a.api.post("/api/v1/evaluations", pipeline,
        [gate: "slow-watch", target: [service: "watched"],
         continuous: [interval: "1h", maxDuration: "2h", stopOnPass: false]]).body.id
    def poll = java.util.concurrent.CompletableFuture.supplyAsync {
      b.api.get("/api/v1/evaluations/$watched?wait=30s", pipeline)
    }
    Thread.sleep(2_000)
    assert !poll.done: "the poll must still be waiting (the evaluation is pending)"
    long t0 = System.nanoTime()
    assert a.api.post("/api/v1/evaluations/$watched/override", sre, [outcome: "PASS", reason: "ok"]).status == 200
    def woken = poll.get(30, TimeUnit.SECONDS)
    double wokenAfter = (System.nanoTime() - t0) / 1e9
    assert a.api.post("/api/v1/evaluations/$watched/cancel", sre, [reason: "only for the wake-up"]).status == 200
    def ids = (1..EVALUATIONS).collect { i ->
      def api = i % 2 == 0 ? a.api : b.api
      def r = api.post("/api/v1/evaluations", pipeline,
          [gate: "slow-watch", target: [service: "svc-$i"],
           continuous: [interval: "5s", maxDuration: "40s", stopOnPass: false]])
      assert r.status == 201
      r.body.id as long
    }
    String nodeA = "${a.process.pid()}@%"

    when: "replica A is killed while it holds claims of running steps"
    new PollingConditions(timeout: 60, delay: 0.05).eventually {
      assert rows("SELECT count(*) FROM evaluation_step WHERE node LIKE '$nodeA'")[0][0] > 0
      assert rows("SELECT count(*) FROM evaluation_job WHERE claimed_by LIKE '$nodeA'")[0][0] >= 3
    }
    def orphans = rows("SELECT evaluation_id FROM evaluation_job WHERE claimed_by LIKE '$nodeA'").collect { it[0] as long }
    a.process.destroyForcibly()
    long killedAt = System.currentTimeMillis()
    assert a.process.waitFor(20, TimeUnit.SECONDS)

    then: "the poller on B was woken by A's override within a second (LISTEN/NOTIFY)"
    woken.body.decision == "PASS"
    wokenAfter < 1

    and: "every evaluation finishes on replica B"
    new PollingConditions(timeout: 150, delay: 1).eventually {
      assert rows("SELECT count(*) FROM evaluation_job WHERE status = 'PENDING'")[0][0] == 0
    }
    rows("SELECT count(*) FROM evaluation_job WHERE status = 'DONE'")[0][0] == EVALUATIONS

    and: "each step is recorded exactly once: steps 1..runs, no gap, no double"
    def steps = rows("SELECT j.evaluation_id, j.runs, count(s.step), min(s.step), max(s.step)" +
        " FROM evaluation_job j LEFT JOIN evaluation_step s ON s.evaluation_id = j.evaluation_id" +
        " WHERE j.status = 'DONE' GROUP BY j.evaluation_id, j.runs")
    steps.size() == EVALUATIONS
    steps.every { row -> row[2] == row[1] && row[3] == 1 && row[4] == row[1] }
    rows("SELECT count(*) FROM evaluation_step s JOIN evaluation_job j ON j.evaluation_id = s.evaluation_id" +
        " WHERE j.status = 'DONE'")[0][0] == rows("SELECT sum(runs) FROM evaluation_job WHERE status = 'DONE'")[0][0]

    and: "the jobs A held mid-step got their next step from B within 30 s of the kill"
    !orphans.isEmpty()
    orphans.every { id ->
      def next = rows("SELECT min(recorded_at) FROM evaluation_step WHERE evaluation_id = $id" +
          " AND recorded_at > to_timestamp(${killedAt / 1000.0})")[0][0]
      next != null && ((java.sql.Timestamp) next).time - killedAt < 30_000
    }

    cleanup:
    println "failover: orphans=${orphans?.size()} woken after ${wokenAfter} s; log of B: ${b?.log}"
  }
}
