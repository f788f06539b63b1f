package io.tollgate.telemetry.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A WHERE clause and its parameters, built filter by filter; null values add no filter. */
final class Where {
  private final List<String> terms = new ArrayList<>();
  private final List<Object> params = new ArrayList<>();

  Where eq(String column, String value) {
    if (value != null) {
      terms.add(column + " = ?");
      params.add(value);
    }
    return this;
  }

  /** {@code from <= column < to}. */
  Where range(String column, Instant from, Instant to) {
    terms.add(column + " >= ?");
    params.add(Sql.time(from));
    terms.add(column + " < ?");
    params.add(Sql.time(to));
    return this;
  }

  Where like(String column, String pattern) {
    terms.add(column + " LIKE ? ESCAPE '" + AttributeText.LIKE_ESCAPE + "'");
    params.add(pattern);
    return this;
  }

  String sql() {
    return terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
  }

  void bind(PreparedStatement ps) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      ps.setObject(i + 1, params.get(i));
    }
  }
}
