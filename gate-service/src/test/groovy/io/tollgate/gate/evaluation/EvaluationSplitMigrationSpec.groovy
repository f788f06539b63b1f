package io.tollgate.gate.evaluation

import io.tollgate.testsupport.PostgresFixture
import java.sql.Connection
import java.sql.DriverManager
import java.sql.Timestamp
import java.time.Instant
import org.flywaydb.core.Flyway
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/**
 * V33 splits the one evaluation table into request, job, decision and override, on both databases
 * Tollgate runs on: evaluations stored by V32 keep their job state, decision and override.
 */
class EvaluationSplitMigrationSpec extends Specification {

  @Shared @AutoCleanup PostgresFixture pg

  def setupSpec() {
    pg = PostgresFixture.start()
  }

  static final Timestamp T0 = Timestamp.from(Instant.parse("2026-11-01T10:00:00Z"))
  static final Timestamp T1 = Timestamp.from(Instant.parse("2026-11-01T10:05:00Z"))

  void "evaluations stored before the split keep their job, decision and override on #database"() {
    given: "a database at V32 with a decided, overridden evaluation and a running one"
    Map db = connection(database)
    flyway(db, "32").migrate()
    Connection sql = DriverManager.getConnection(db.url, db.user, db.password)
    execute(sql, """INSERT INTO evaluation (gate_name, gate_version, status, outcome, score, reason,
        request, result, service, version, created_by, caller, created_at, updated_at, decided_at,
        next_run_at, deadline_at, runs, claimed_by, claim_until, claim_version, pinned, excluded,
        override_outcome, override_reason, override_by, override_until, idempotency_key, request_hash)
        VALUES ('g', 1, 'DONE', 'FAIL', 12.5, 'too many errors', '{}', '{"slis":[]}', 'shop', '1.2',
        'ci', 'token:7', ?, ?, ?, ?, ?, 3, NULL, NULL, 4, TRUE, FALSE, 'PASS', 'known flake', 'sre',
        ?, 'k-1', 'abc')""", [T0, T1, T1, T1, T1, T1])
    execute(sql, """INSERT INTO evaluation (gate_name, gate_version, status, reason, request,
        created_by, caller, created_at, updated_at, next_run_at, deadline_at, runs, claimed_by,
        claim_until, claim_version)
        VALUES ('g', 1, 'PENDING', 'waiting for the first evaluation', '{}', 'ci', 'token:7', ?, ?,
        ?, ?, 0, 'replica-a', ?, 2)""", [T0, T0, T0, T1, T1])
    execute(sql, """INSERT INTO evaluation_step (evaluation_id, step, outcome, node, claim_version,
        started_at, recorded_at) VALUES (1, 1, 'FAIL', 'replica-a', 4, ?, ?)""", [T0, T1])

    when:
    flyway(db, null).migrate()

    then: "the request stays, without the job's, decision's and override's columns"
    def e = rows(sql, "SELECT * FROM evaluation WHERE id = 1")[0]
    e.gate_name == "g" && e.service == "shop" && e.caller == "token:7" && e.idempotency_key == "k-1"
    !e.containsKey("status") && !e.containsKey("outcome") && !e.containsKey("override_outcome")

    and: "each job keeps its state and its fence"
    def jobs = rows(sql, "SELECT * FROM evaluation_job ORDER BY evaluation_id")
    jobs*.status == ["DONE", "PENDING"]
    jobs*.runs == [3, 0]
    jobs*.claim_version == [4, 2]
    jobs*.claimed_by == [null, "replica-a"]

    and: "each decision keeps its outcome, evidence and marks"
    def decisions = rows(sql, "SELECT * FROM evaluation_decision ORDER BY evaluation_id")
    decisions*.outcome == ["FAIL", null]
    decisions*.score == [12.5d, null]
    decisions*.reason == ["too many errors", "waiting for the first evaluation"]
    decisions*.result == ['{"slis":[]}', null]
    decisions*.pinned == [true, false]

    and: "the override becomes the first row of its history"
    def overrides = rows(sql, "SELECT * FROM evaluation_override")
    overrides.size() == 1
    overrides[0].evaluation_id == 1
    overrides[0].outcome == "PASS"
    overrides[0].reason == "known flake"
    overrides[0].created_by == "sre"

    and: "steps still belong to their evaluation, and the scoped idempotency key still holds"
    rows(sql, "SELECT count(*) AS n FROM evaluation_step WHERE evaluation_id = 1")[0].n == 1
    when:
    execute(sql, """INSERT INTO evaluation (gate_name, gate_version, request, created_by, caller,
        created_at, idempotency_key) VALUES ('g', 1, '{}', 'ci', 'token:7', ?, 'k-1')""", [T1])
    then:
    thrown(java.sql.SQLException)

    cleanup:
    sql?.close()

    where:
    database << ["h2", "postgresql"]
  }

  private static void execute(Connection c, String sql, List params = []) {
    c.prepareStatement(sql).withCloseable { s ->
      params.eachWithIndex { p, i -> s.setObject(i + 1, p) }
      s.executeUpdate()
    }
  }

  /** Rows as maps keyed by lower-case column names. */
  private static List<Map> rows(Connection c, String sql) {
    c.prepareStatement(sql).withCloseable { s ->
      def r = s.executeQuery()
      def meta = r.metaData
      List<Map> out = []
      while (r.next()) {
        out << (1..meta.columnCount).collectEntries { [(meta.getColumnLabel(it).toLowerCase()): r.getObject(it)] }
      }
      out
    }
  }

  private Map connection(String database) {
    database == "h2"
        ? [url: "jdbc:h2:mem:split-${UUID.randomUUID()};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;" +
            "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", user: "sa", password: ""]
        : [url: pg.jdbcUrl(), user: pg.user(), password: pg.password()]
  }

  private static Flyway flyway(Map db, String target) {
    def config = Flyway.configure().dataSource(db.url, db.user, db.password)
        .locations("classpath:db/migration")
    (target == null ? config : config.target(target)).load()
  }
}
