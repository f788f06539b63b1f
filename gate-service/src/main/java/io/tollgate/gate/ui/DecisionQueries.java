package io.tollgate.gate.ui;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Finds decisions for the list page; rows are then read through the evaluation service. */
@Singleton
class DecisionQueries {
  private final DataSource dataSource;

  DecisionQueries(DataSource dataSource, DataSourceResolver resolver) {
    this.dataSource = resolver.resolve(dataSource);
  }

  List<Long> ids(
      @Nullable String gate, @Nullable String service, @Nullable String outcome, int limit) {
    // the outcome shown is the latest override's when there is one, else the decision's
    StringBuilder sql =
        new StringBuilder(
            "SELECT e.id FROM evaluation e"
                + " JOIN evaluation_decision d ON d.evaluation_id = e.id"
                + " LEFT JOIN evaluation_override o ON o.id ="
                + " (SELECT MAX(x.id) FROM evaluation_override x WHERE x.evaluation_id = e.id)"
                + " WHERE 1 = 1");
    List<String> args = new ArrayList<>();
    if (gate != null) {
      sql.append(" AND e.gate_name = ?");
      args.add(gate);
    }
    if (service != null) {
      sql.append(" AND e.service = ?");
      args.add(service);
    }
    if (outcome != null) {
      sql.append(" AND COALESCE(o.outcome, d.outcome) = ?");
      args.add(outcome);
    }
    sql.append(" ORDER BY e.id DESC");
    List<Long> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < args.size(); i++) {
        ps.setString(i + 1, args.get(i));
      }
      ps.setMaxRows(limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot list decisions", e);
    }
    return out;
  }

  List<String> distinct(String column) {
    if (!column.equals("gate_name") && !column.equals("service")) {
      throw new IllegalArgumentException(column);
    }
    List<String> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT DISTINCT "
                    + column
                    + " FROM evaluation WHERE "
                    + column
                    + " IS NOT NULL ORDER BY "
                    + column);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot list decisions", e);
    }
    return out;
  }
}
