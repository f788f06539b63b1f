package io.tollgate.gate.gates;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** Repositories of gates and their versions. */
final class GateRepositories {
  private GateRepositories() {}

  @JdbcRepository(dialect = Dialect.POSTGRES)
  interface Gates extends CrudRepository<GateRow, String> {
    List<GateRow> listOrderByName();

    List<GateRow> findByNameGreaterThanOrderByName(String name, Pageable pageable);

    List<GateRow> listOrderByName(Pageable pageable);
  }

  @JdbcRepository(dialect = Dialect.POSTGRES)
  interface Versions extends CrudRepository<GateVersionRow, Long> {
    Optional<GateVersionRow> findByGateNameAndVersion(String gateName, int version);

    List<GateVersionRow> findByGateNameOrderByVersionDesc(String gateName);
  }
}
