package io.tollgate.gate.evaluation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface EvaluationRepository extends CrudRepository<EvaluationRow, Long> {

  /** The caller's evaluation of the gate under an idempotency key (keys are scoped so). */
  Optional<EvaluationRow> findByCallerAndGateNameAndIdempotencyKey(
      String caller, String gateName, String idempotencyKey);

  long countByCallerAndStatus(String caller, EvaluationStatus status);

  long countByGateNameAndStatus(String gateName, EvaluationStatus status);

  List<EvaluationRow> listOrderByIdDesc(Pageable pageable);

  List<EvaluationRow> findByGateNameOrderByIdDesc(String gateName, Pageable pageable);

  List<EvaluationRow> findByGateNameAndServiceOrderByIdDesc(
      String gateName, String service, Pageable pageable);

  @Query(
      "SELECT * FROM evaluation WHERE gate_name = :gate"
          + " AND (CAST(:service AS VARCHAR) IS NULL OR service = :service)"
          + " AND (CAST(:version AS VARCHAR) IS NULL OR version = :version)"
          + " AND (CAST(:commit AS VARCHAR) IS NULL OR commit_sha = :commit)"
          + " ORDER BY id DESC LIMIT 1")
  Optional<EvaluationRow> latest(
      String gate, @Nullable String service, @Nullable String version, @Nullable String commit);

  /** Finished evaluations of a gate and service, newest first: history for vsHistory criteria. */
  @Query(
      "SELECT * FROM evaluation WHERE gate_name = :gate AND service = :service"
          + " AND status = 'DONE' AND id < :before ORDER BY id DESC LIMIT :limit")
  List<EvaluationRow> history(String gate, String service, long before, int limit);

  @Query(
      "UPDATE evaluation SET override_outcome = :outcome, override_reason = :reason,"
          + " override_by = :by, override_until = :until, updated_at = :now WHERE id = :id")
  long recordOverride(
      long id,
      @Nullable String outcome,
      @Nullable String reason,
      @Nullable String by,
      @Nullable Instant until,
      Instant now);

  @Query(
      "UPDATE evaluation SET pinned = :pinned, excluded = :excluded, updated_at = :now"
          + " WHERE id = :id")
  long recordPin(long id, boolean pinned, boolean excluded, Instant now);
}
