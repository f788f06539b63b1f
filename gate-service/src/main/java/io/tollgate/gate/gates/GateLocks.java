package io.tollgate.gate.gates;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Optional;

/**
 * Locks a gate's row for the rest of the transaction, so two replicas saving the same gate at once
 * make versions n+1 and n+2 instead of colliding.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface GateLocks extends GenericRepository<GateRow, String> {

  @Query("SELECT * FROM gate WHERE name = :name FOR UPDATE")
  Optional<GateRow> lock(String name);
}
