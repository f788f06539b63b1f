package io.tollgate.gate.evaluation;

import io.micronaut.core.annotation.Nullable;
import io.tollgate.rules.model.Outcome;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Stores new evaluations (their request, job and decision rows, in one transaction) and reads
 * evaluations whole: each read joins the request to its job, its decision and its latest override.
 * The job, decision and override rows are written by {@link JobStore}, {@link DecisionStore} and
 * {@link OverrideStore}.
 */
@Singleton
final class EvaluationRepository {
  private static final String SELECT =
      "SELECT e.id, e.gate_name, e.gate_version, e.request, e.service, e.version, e.commit_sha,"
          + " e.idempotency_key, e.created_by, e.caller, e.created_by_token, e.request_hash,"
          + " e.created_at,"
          + " j.status, j.next_run_at, j.deadline_at, j.runs, j.claimed_by, j.claim_until,"
          + " j.claim_version, j.updated_at,"
          + " d.outcome, d.score, d.reason, d.result, d.decided_at, d.pinned, d.excluded,"
          + " d.updated_at,"
          + " o.id, o.outcome, o.reason, o.created_by, o.expires_at, o.created_at"
          + " FROM evaluation e"
          + " JOIN evaluation_job j ON j.evaluation_id = e.id"
          + " JOIN evaluation_decision d ON d.evaluation_id = e.id"
          + " LEFT JOIN evaluation_override o ON o.id ="
          + " (SELECT MAX(x.id) FROM evaluation_override x WHERE x.evaluation_id = e.id)";

  private final Jdbc jdbc;

  EvaluationRepository(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Stores a new evaluation: its request, its job and its (empty) decision, all or none. Empty when
   * the caller's idempotency key for the gate is already taken (a retry raced this one).
   */
  Optional<EvaluationRow> create(EvaluationRow fresh) {
    RequestRow e = fresh.requested();
    JobRow j = fresh.job();
    DecisionRow d = fresh.decision();
    try {
      long id =
          jdbc.transaction(
              c -> {
                long key =
                    jdbc.insert(
                        c,
                        "INSERT INTO evaluation (gate_name, gate_version, request, service,"
                            + " version, commit_sha, idempotency_key, created_by, caller,"
                            + " created_by_token, request_hash, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        e.gateName(),
                        e.gateVersion(),
                        e.request(),
                        e.service(),
                        e.version(),
                        e.commitSha(),
                        e.idempotencyKey(),
                        e.createdBy(),
                        e.caller(),
                        e.createdByToken(),
                        e.requestHash(),
                        e.createdAt());
                jdbc.update(
                    c,
                    "INSERT INTO evaluation_job (evaluation_id, status, next_run_at, deadline_at,"
                        + " runs, claim_version, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    key,
                    j.status(),
                    j.nextRunAt(),
                    j.deadlineAt(),
                    j.runs(),
                    j.claimVersion(),
                    j.updatedAt());
                jdbc.update(
                    c,
                    "INSERT INTO evaluation_decision (evaluation_id, reason, pinned, excluded,"
                        + " updated_at) VALUES (?, ?, ?, ?, ?)",
                    key,
                    d.reason(),
                    d.pinned(),
                    d.excluded(),
                    d.updatedAt());
                return key;
              });
      return Optional.of(fresh.withId(id));
    } catch (SQLException x) {
      if (Jdbc.duplicate(x) && e.idempotencyKey() != null) {
        return Optional.empty();
      }
      throw Jdbc.failed("INSERT INTO evaluation", x);
    }
  }

  Optional<EvaluationRow> findById(long id) {
    return one(SELECT + " WHERE e.id = ?", id);
  }

  /** The caller's evaluation of the gate under an idempotency key (keys are scoped so). */
  Optional<EvaluationRow> findByCallerAndGateNameAndIdempotencyKey(
      String caller, String gateName, String idempotencyKey) {
    return one(
        SELECT + " WHERE e.caller = ? AND e.gate_name = ? AND e.idempotency_key = ?",
        caller,
        gateName,
        idempotencyKey);
  }

  /** Running evaluations started by a caller, for the quotas. */
  long countRunningByCaller(String caller) {
    return jdbc.count(
        "SELECT count(*) FROM evaluation_job j JOIN evaluation e ON e.id = j.evaluation_id"
            + " WHERE j.status = 'PENDING' AND e.caller = ?",
        caller);
  }

  /** Running evaluations of a gate, for the quotas. */
  long countRunningByGate(String gateName) {
    return jdbc.count(
        "SELECT count(*) FROM evaluation_job j JOIN evaluation e ON e.id = j.evaluation_id"
            + " WHERE j.status = 'PENDING' AND e.gate_name = ?",
        gateName);
  }

  /**
   * Evaluations newest first, of one gate (and service) when given, with ids below {@code beforeId}
   * when given (the page after the one that ended there).
   */
  List<EvaluationRow> list(
      @Nullable String gate, @Nullable String service, @Nullable Long beforeId, int limit) {
    StringBuilder sql = new StringBuilder(SELECT).append(" WHERE 1 = 1");
    List<Object> params = new java.util.ArrayList<>();
    if (gate != null) {
      sql.append(" AND e.gate_name = ?");
      params.add(gate);
    }
    if (gate != null && service != null) {
      sql.append(" AND e.service = ?");
      params.add(service);
    }
    if (beforeId != null) {
      sql.append(" AND e.id < ?");
      params.add(beforeId);
    }
    sql.append(" ORDER BY e.id DESC LIMIT ?");
    params.add(limit);
    return jdbc.query(sql.toString(), EvaluationRepository::row, params.toArray());
  }

  /**
   * Evaluations newest first, narrowed by whichever of gate, service and shown outcome (the latest
   * override's, else the decision's) is set, with ids below {@code beforeId} when given.
   */
  List<EvaluationRow> search(
      @Nullable String gate,
      @Nullable String service,
      @Nullable String outcome,
      @Nullable Long beforeId,
      int limit) {
    StringBuilder sql = new StringBuilder(SELECT).append(" WHERE 1 = 1");
    List<Object> params = new java.util.ArrayList<>();
    if (beforeId != null) {
      sql.append(" AND e.id < ?");
      params.add(beforeId);
    }
    if (gate != null) {
      sql.append(" AND e.gate_name = ?");
      params.add(gate);
    }
    if (service != null) {
      sql.append(" AND e.service = ?");
      params.add(service);
    }
    if (outcome != null) {
      sql.append(" AND COALESCE(o.outcome, d.outcome) = ?");
      params.add(outcome);
    }
    sql.append(" ORDER BY e.id DESC LIMIT ?");
    params.add(limit);
    return jdbc.query(sql.toString(), EvaluationRepository::row, params.toArray());
  }

  /** The gates that have evaluations, by name. */
  List<String> gateNames() {
    return jdbc.query(
        "SELECT DISTINCT gate_name FROM evaluation ORDER BY gate_name", r -> r.getString(1));
  }

  /** The services that have evaluations, by name. */
  List<String> serviceNames() {
    return jdbc.query(
        "SELECT DISTINCT service FROM evaluation WHERE service IS NOT NULL ORDER BY service",
        r -> r.getString(1));
  }

  /** The newest evaluation of a gate, narrowed by whichever of service, version, commit is set. */
  Optional<EvaluationRow> latest(
      String gate, @Nullable String service, @Nullable String version, @Nullable String commit) {
    return one(
        SELECT
            + " WHERE e.gate_name = ?"
            + " AND (CAST(? AS VARCHAR) IS NULL OR e.service = ?)"
            + " AND (CAST(? AS VARCHAR) IS NULL OR e.version = ?)"
            + " AND (CAST(? AS VARCHAR) IS NULL OR e.commit_sha = ?)"
            + " ORDER BY e.id DESC LIMIT 1",
        gate,
        service,
        service,
        version,
        version,
        commit,
        commit);
  }

  /** Finished evaluations of a gate and service, newest first: history for vsHistory criteria. */
  List<EvaluationRow> history(String gate, String service, long before, int limit) {
    return jdbc.query(
        SELECT
            + " WHERE e.gate_name = ? AND e.service = ? AND j.status = 'DONE' AND e.id < ?"
            + " ORDER BY e.id DESC LIMIT ?",
        EvaluationRepository::row,
        gate,
        service,
        before,
        limit);
  }

  private Optional<EvaluationRow> one(String sql, Object... params) {
    List<EvaluationRow> rows = jdbc.query(sql, EvaluationRepository::row, params);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  private static EvaluationRow row(ResultSet r) throws SQLException {
    long id = r.getLong(1);
    RequestRow requested =
        new RequestRow(
            id,
            r.getString(2),
            r.getInt(3),
            r.getString(4),
            r.getString(5),
            r.getString(6),
            r.getString(7),
            r.getString(8),
            r.getString(9),
            r.getString(10),
            Jdbc.nullableLong(r, 11),
            r.getString(12),
            Jdbc.instant(r, 13));
    JobRow job =
        new JobRow(
            id,
            EvaluationStatus.valueOf(r.getString(14)),
            Jdbc.instant(r, 15),
            Jdbc.instant(r, 16),
            r.getInt(17),
            r.getString(18),
            Jdbc.instant(r, 19),
            r.getLong(20),
            Jdbc.instant(r, 21));
    DecisionRow decision =
        new DecisionRow(
            id,
            outcome(r.getString(22)),
            Jdbc.nullableDouble(r, 23),
            r.getString(24),
            r.getString(25),
            Jdbc.instant(r, 26),
            r.getBoolean(27),
            r.getBoolean(28),
            Jdbc.instant(r, 29));
    Long overrideId = Jdbc.nullableLong(r, 30);
    OverrideRow override =
        overrideId == null
            ? null
            : new OverrideRow(
                overrideId,
                id,
                outcome(r.getString(31)),
                r.getString(32),
                r.getString(33),
                Jdbc.instant(r, 34),
                Jdbc.instant(r, 35));
    return new EvaluationRow(requested, job, decision, override);
  }

  @Nullable
  private static Outcome outcome(@Nullable String name) {
    return name == null ? null : Outcome.valueOf(name);
  }
}
