package io.tollgate.gate.testrun;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;
import io.tollgate.ingest.testrun.TestRunIds;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code test.run.id} each uploaded test run declares ({@code testRunId} upload parameter, else
 * the JUnit property {@code test.run.id} or a k6 summary's {@code setup_data.testRunId}), which
 * joins the run to the spans its tests sent.
 */
@Singleton
public final class TestRunTraceIds {
  /** A stored run that declared a test run id. */
  public record Run(long id, String testRunId, @Nullable String suite, Instant uploadedAt) {}

  private final DataSource dataSource;

  TestRunTraceIds(DataSource dataSource, DataSourceResolver resolver) {
    this.dataSource = resolver.resolve(dataSource);
  }

  /** Keeps the id {@code run} declares, if any: {@code given} wins over the file's property. */
  public void record(long run, @Nullable String given, byte[] file) {
    Optional<String> id = given != null ? TestRunIds.valid(given) : TestRunIds.declared(file);
    if (id.isEmpty()) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO test_run_trace_id (run_id, test_run_id) VALUES (?, ?)")) {
      ps.setLong(1, run);
      ps.setString(2, id.get());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store the test run id of run " + run, e);
    }
  }

  /** The test run id run {@code run} declared. */
  public Optional<String> of(long run) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT test_run_id FROM test_run_trace_id WHERE run_id = ?")) {
      ps.setLong(1, run);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the test run id of run " + run, e);
    }
  }

  /** The newest stored run of each of {@code ids} (runs that declared none are left out). */
  public Map<String, Run> newest(Collection<String> ids) {
    Map<String, Run> out = new LinkedHashMap<>();
    List<String> all = new ArrayList<>(ids);
    for (int from = 0; from < all.size(); from += 500) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + 500));
      try (Connection c = dataSource.getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "SELECT r.id, t.test_run_id, r.suite, r.uploaded_at FROM test_run_trace_id t"
                      + " JOIN test_run r ON r.id = t.run_id WHERE t.test_run_id IN ("
                      + String.join(",", Collections.nCopies(chunk.size(), "?"))
                      + ") ORDER BY r.uploaded_at, r.id")) {
        for (int i = 0; i < chunk.size(); i++) {
          ps.setString(i + 1, chunk.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(
                rs.getString(2),
                new Run(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getObject(4, OffsetDateTime.class).toInstant()));
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException("cannot read test run ids", e);
      }
    }
    return out;
  }
}
