package io.tollgate.gate.retention

import io.micronaut.context.annotation.Property
import io.micronaut.jdbc.DataSourceResolver
import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.tollgate.gate.ApiClient
import jakarta.inject.Inject
import java.sql.Connection
import java.sql.Timestamp
import java.time.Duration
import java.time.Instant
import java.time.OffsetDateTime
import java.time.ZoneOffset
import java.util.concurrent.Callable
import java.util.concurrent.CyclicBarrier
import java.util.concurrent.Executors
import javax.sql.DataSource
import spock.lang.Specification

@MicronautTest
@Property(name = "tollgate.retention.enabled", value = "true")
@Property(name = "tollgate.retention.initial-delay", value = "1000h")
@Property(name = "tollgate.retention.batch-size", value = "3")
class RetentionSpec extends Specification {
  @Inject DataSource transactional
  @Inject DataSourceResolver resolver
  @Inject RetentionJob job
  @Inject EmbeddedServer server

  /** The pool itself: the spec's statements run outside any transaction, as the job's do. */
  DataSource getDataSource() {
    resolver.resolve(transactional)
  }

  static OffsetDateTime ago(Duration d) {
    Instant.now().minus(d).atOffset(ZoneOffset.UTC)
  }

  long insert(Connection c, String sql, List<Object> args) {
    boolean keyed = sql.contains('INSERT INTO evaluation (') || sql.contains('INSERT INTO test_run (')
    def ps = keyed ? c.prepareStatement(sql, ['id'] as String[]) : c.prepareStatement(sql)
    args.eachWithIndex { a, i -> ps.setObject(i + 1, a) }
    ps.executeUpdate()
    if (!keyed) {
      return -1L
    }
    def keys = ps.generatedKeys
    keys.next()
    keys.getLong(1)
  }

  long count(String sql) {
    dataSource.connection.withCloseable { c ->
      def rs = c.createStatement().executeQuery(sql)
      rs.next()
      rs.getLong(1)
    }
  }

  long evaluation(Connection c, String gate, String service, OffsetDateTime at, String status, boolean pinned) {
    // a pending job is not due for days: the service's job runner leaves it alone during the spec
    def due = status == 'PENDING' ? ago(Duration.ofDays(-10)) : at
    long id = insert(c, """INSERT INTO evaluation (gate_name, gate_version, request, service, created_by, created_at, caller)
        VALUES (?, 1, '{}', ?, 'spec', ?, 'name:spec')""", [gate, service, at])
    insert(c, """INSERT INTO evaluation_job (evaluation_id, status, next_run_at, deadline_at, runs, updated_at)
        VALUES (?, ?, ?, ?, 1, ?)""", [id, status, due, due, at])
    insert(c, """INSERT INTO evaluation_decision (evaluation_id, outcome, pinned, excluded, updated_at)
        VALUES (?, ?, ?, FALSE, ?)""", [id, status == 'DONE' ? 'PASS' : null, pinned, at])
    insert(c, """INSERT INTO evaluation_step (evaluation_id, step, outcome, node, claim_version, started_at, recorded_at)
        VALUES (?, 1, 'PASS', 'n', 1, ?, ?)""", [id, at, at])
    id
  }

  long run(Connection c, String service, OffsetDateTime at, boolean pinned, int cases) {
    long id = insert(c, """INSERT INTO test_run (service, uploaded_by, uploaded_at, formats, files, total, passed, failed,
        errored, skipped, flaky, pinned) VALUES (?, 'spec', ?, 'junit', 1, 0, 0, 0, 0, 0, 0, ?)""", [service, at, pinned])
    cases.times { i ->
      insert(c, """INSERT INTO test_case_result (run_id, suite, class_name, name, status, time_seconds, failure_type,
          failure_message, failure_text, reruns, passes, fails) VALUES (?, 's', 'C', ?, 'failed', 0.1, 'E', 'm', 't', 0, 0, 1)""",
          [id, "case$i".toString()])
    }
    insert(c, """INSERT INTO test_run_failure (run_id, source, name, error_class, message, occurrences)
        VALUES (?, 'junit', 'C.case0', 'E', 'm', 1)""", [id])
    id
  }

  void cleanupData() {
    dataSource.connection.withCloseable { c ->
      ['evaluation', 'test_run', 'audit_log'].each { c.createStatement().execute("DELETE FROM $it") }
      c.createStatement().execute("UPDATE retention_lock SET holder = NULL, lease_until = TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00'")
    }
  }

  void setup() {
    cleanupData()
  }

  void "a pass deletes exactly what is past its age, and keeps pinned, pending and the newest records"() {
    given:
    def old = Duration.ofDays(500)
    Map<String, Long> ids = [:]
    dataSource.connection.withCloseable { c ->
      ids.oldDone = evaluation(c, 'checkout-canary', 'checkout', ago(old), 'DONE', false)
      ids.oldDone2 = evaluation(c, 'checkout-canary', 'checkout', ago(old - Duration.ofDays(1)), 'DONE', false)
      ids.oldPinned = evaluation(c, 'checkout-canary', 'checkout', ago(old), 'DONE', true)
      ids.oldPending = evaluation(c, 'checkout-canary', 'checkout', ago(old), 'PENDING', false)
      ids.oldOtherService = evaluation(c, 'checkout-canary', 'cart', ago(old), 'DONE', false)
      ids.oldNoService = evaluation(c, 'nightly', null, ago(old), 'DONE', false)
      ids.recent = evaluation(c, 'checkout-canary', 'checkout', ago(Duration.ofDays(1)), 'DONE', false)

      ids.oldRun = run(c, 'checkout', ago(Duration.ofDays(200)), false, 7)
      ids.oldPinnedRun = run(c, 'checkout', ago(Duration.ofDays(200)), true, 2)
      ids.recentRun = run(c, 'checkout', ago(Duration.ofDays(1)), false, 2)
      ids.onlyRunOfCart = run(c, 'cart', ago(Duration.ofDays(300)), false, 1)

      insert(c, "INSERT INTO audit_log (at, actor, action, subject) VALUES (?, 'a', 'x', 's')", [ago(Duration.ofDays(401))])
      insert(c, "INSERT INTO audit_log (at, actor, action, subject) VALUES (?, 'a', 'x', 's')", [ago(Duration.ofDays(399))])
    }

    when:
    def deleted = job.runOnce().orElseThrow()

    then: 'two old evaluations of checkout go; the pinned, the pending, and the newest of each gate and service stay'
    deleted.evaluation == 2L
    count('SELECT COUNT(*) FROM evaluation') == 5
    count("SELECT COUNT(*) FROM evaluation WHERE id IN (${ids.oldDone}, ${ids.oldDone2})") == 0
    count("SELECT COUNT(*) FROM evaluation WHERE id IN (${ids.oldPinned}, ${ids.oldPending}, ${ids.oldOtherService}, ${ids.oldNoService}, ${ids.recent})") == 5

    and: 'their jobs, decisions and steps went with them'
    count('SELECT COUNT(*) FROM evaluation_job') == 5
    count('SELECT COUNT(*) FROM evaluation_decision') == 5
    count('SELECT COUNT(*) FROM evaluation_step') == 5

    and: 'the old unpinned run of checkout goes with its cases and failures; the only run of cart stays'
    deleted.test_case_result == 7L
    deleted.test_run_failure == 1L
    deleted.test_run == 1L
    count("SELECT COUNT(*) FROM test_run WHERE id = ${ids.oldRun}") == 0
    count('SELECT COUNT(*) FROM test_run') == 3
    count('SELECT COUNT(*) FROM test_case_result') == 5

    and:
    deleted.audit_log == 1L
    count('SELECT COUNT(*) FROM audit_log') == 1

    and: 'the telemetry tables were pruned in the same pass'
    deleted.containsKey('ingest_span_minute')
    deleted.containsKey('ingest_signature')

    and: 'the metrics count what was deleted and when'
    def metrics = new ApiClient(server.URI).get('/metrics').text
    metrics.contains('tollgate_retention_deleted_rows_total{table="evaluation"}')
    metrics =~ /tollgate_retention_last_run_timestamp_seconds \d/

    when: 'a second pass'
    def again = job.runOnce().orElseThrow()

    then: 'finds nothing more'
    again.values().every { it == 0L }
  }

  boolean postgres() {
    dataSource.connection.withCloseable { it.metaData.databaseProductName == "PostgreSQL" }
  }

  void "table sizes are exported from the database's statistics"() {
    when:
    job.recordSizes()
    def metrics = new ApiClient(server.URI).get('/metrics').text
    def rows = (metrics =~ /tollgate_storage_table_rows\{table="([a-z_0-9]+)"\} (\S+)/).collect { [it[1], it[2] as double] }

    then: 'every table of both owners has a row estimate'
    rows*.getAt(0).containsAll(['ingest_span_minute', 'ingest_signature', 'evaluation', 'test_run', 'scenario_entry'])
    rows.every { it[1] >= 0 }

    and: 'PostgreSQL also reports bytes, indexes included; H2 does not'
    postgres() == (metrics =~ /tollgate_storage_table_bytes\{table="ingest_span_minute"\} [1-9]/).find()
  }

  void "a pass does not run while another replica holds the lease, and runs once the lease has expired"() {
    given:
    dataSource.connection.withCloseable { c ->
      evaluation(c, 'g', 's', ago(Duration.ofDays(500)), 'DONE', false)
      evaluation(c, 'g', 's', ago(Duration.ofDays(499)), 'DONE', false)
    }
    def other = new RetentionLease(dataSource)
    assert other.tryAcquire('other-replica', Instant.now(), Duration.ofMinutes(10))

    expect:
    job.runOnce().isEmpty()
    count('SELECT COUNT(*) FROM evaluation') == 2

    when: 'the other replica died: its lease runs out'
    dataSource.connection.withCloseable { c ->
      c.createStatement().execute("UPDATE retention_lock SET lease_until = TIMESTAMP WITH TIME ZONE '2000-01-01 00:00:00+00'")
    }

    then:
    job.runOnce().orElseThrow().evaluation == 1L
    count('SELECT COUNT(*) FROM evaluation') == 1

    and: 'the lease was given back after the pass'
    other.tryAcquire('other-replica', Instant.now(), Duration.ofMinutes(10))
  }

  void "of eight replicas asking for the lease at once, exactly one gets it"() {
    given:
    def pool = Executors.newFixedThreadPool(8)
    def barrier = new CyclicBarrier(8)
    def lease = new RetentionLease(dataSource)

    when:
    def results = pool.invokeAll((0..<8).collect { i ->
      { ->
        barrier.await()
        lease.tryAcquire("replica-$i".toString(), Instant.now(), Duration.ofMinutes(5))
      } as Callable<Boolean>
    })*.get()

    then:
    results.count { it } == 1

    cleanup:
    pool.shutdown()
  }
}
