package io.tollgate.gate.testrun;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

/** Repositories of the test-run tables. */
final class TestRunRepositories {
  private TestRunRepositories() {}

  @JdbcRepository(dialect = Dialect.POSTGRES)
  interface Runs extends CrudRepository<TestRunRow, Long> {
    List<TestRunRow> listOrderByIdDesc(Pageable pageable);

    List<TestRunRow> findByServiceOrderByIdDesc(String service, Pageable pageable);

    List<TestRunRow> findByServiceAndVersionOrderByIdDesc(
        String service, @Nullable String version, Pageable pageable);

    List<TestRunRow> findByIdLessThanOrderByIdDesc(long id, Pageable pageable);

    List<TestRunRow> findByServiceAndIdLessThanOrderByIdDesc(
        String service, long id, Pageable pageable);

    List<TestRunRow> findByServiceAndVersionAndIdLessThanOrderByIdDesc(
        String service, @Nullable String version, long id, Pageable pageable);

    long updatePinnedAndExcluded(@Id Long id, boolean pinned, boolean excluded);
  }

  @JdbcRepository(dialect = Dialect.POSTGRES)
  interface Cases extends CrudRepository<TestCaseRow, Long> {
    List<TestCaseRow> findByRunIdOrderById(long runId);

    List<TestCaseRow> findByRunIdAndStatusInOrderById(long runId, List<String> statuses);
  }

  @JdbcRepository(dialect = Dialect.POSTGRES)
  interface Metrics extends CrudRepository<MetricRow, Long> {
    List<MetricRow> findByRunIdOrderById(long runId);
  }

  @JdbcRepository(dialect = Dialect.POSTGRES)
  interface Thresholds extends CrudRepository<ThresholdRow, Long> {
    List<ThresholdRow> findByRunIdOrderById(long runId);
  }

  @JdbcRepository(dialect = Dialect.POSTGRES)
  interface Failures extends CrudRepository<FailureRow, Long> {
    List<FailureRow> findByRunIdOrderById(long runId);
  }
}
