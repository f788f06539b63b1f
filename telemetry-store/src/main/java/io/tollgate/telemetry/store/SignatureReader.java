package io.tollgate.telemetry.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The failure-signature queries of the scenario catalog, merged over partitions. Queries that take
 * many signature ids run in chunks of {@value #CHUNK}, so no statement grows without bound.
 *
 * <pre>{@code
 * SignatureReader signatures = new SignatureReader(dataSource);
 * for (String service : signatures.services(since)) { ... }
 * Map<String, FirstVersions> introduced = signatures.firstVersions(ids);
 * }</pre>
 */
public final class SignatureReader {
  static final int CHUNK = 500;

  private final DataSource dataSource;

  public SignatureReader(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The services with a signature last seen at or after {@code since}, sorted. */
  public List<String> services(Instant since) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT DISTINCT service FROM ingest_signature WHERE last_seen >= ?"
                    + " ORDER BY service")) {
      ps.setObject(1, Sql.time(since));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** Failures per minute and track of the given signatures in [from, to), in time order. */
  public List<SignatureMinute> minutes(Collection<String> signatureIds, Instant from, Instant to)
      throws SQLException {
    List<SignatureMinute> out = new ArrayList<>();
    List<String> ids = List.copyOf(new LinkedHashSet<>(signatureIds));
    try (Connection c = dataSource.getConnection()) {
      for (int i = 0; i < ids.size(); i += CHUNK) {
        List<String> chunk = ids.subList(i, Math.min(ids.size(), i + CHUNK));
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT signature_id, minute_start, track, SUM(failures) FROM"
                    + " ingest_signature_minute WHERE signature_id IN ("
                    + Sql.placeholders(chunk.size())
                    + ") AND minute_start >= ? AND minute_start < ?"
                    + " GROUP BY signature_id, minute_start, track")) {
          int p = 1;
          for (String id : chunk) {
            ps.setString(p++, id);
          }
          ps.setObject(p++, Sql.time(from));
          ps.setObject(p, Sql.time(to));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(
                  new SignatureMinute(
                      rs.getString(1),
                      rs.getObject(2, OffsetDateTime.class).toInstant(),
                      rs.getString(3),
                      rs.getLong(4)));
            }
          }
        }
      }
    }
    out.sort(
        java.util.Comparator.comparing(SignatureMinute::minute)
            .thenComparing(SignatureMinute::track)
            .thenComparing(SignatureMinute::signatureId));
    return out;
  }

  /**
   * Which version emitted a signature's failures in each minute, as a ranked candidate: the
   * signature minutes (summed over partitions) joined with the failing span minutes of the
   * signature's service, operation and track (summed over partitions), ranked per signature, track
   * and minute. The version that emitted it has at least as many errors as the signature has
   * failures in that minute; of those, the one whose error count is closest. Signature minutes hold
   * no version, so this is what tells a failure only 1.6.0 emits from the other errors 1.5.0 has on
   * the same operation in the same minutes.
   */
  private static String attributed(String signatureFilter, String spanFilter) {
    return "SELECT m.signature_id, m.track, m.minute_start, p.service_version,"
        + " ROW_NUMBER() OVER (PARTITION BY m.signature_id, m.track, m.minute_start"
        + " ORDER BY CASE WHEN p.errors >= m.failures THEN 0 ELSE 1 END,"
        + " ABS(p.errors - m.failures), p.service_version) AS rn"
        + " FROM (SELECT signature_id, track, minute_start, SUM(failures) AS failures"
        + " FROM ingest_signature_minute WHERE "
        + signatureFilter
        + " GROUP BY signature_id, track, minute_start) m"
        + " JOIN (SELECT DISTINCT signature_id, service, operation FROM ingest_signature) s"
        + " ON s.signature_id = m.signature_id"
        + " JOIN (SELECT service, operation, track, service_version, minute_start,"
        + " SUM(errors) AS errors FROM ingest_span_minute WHERE errors > 0 AND "
        + spanFilter
        + " GROUP BY service, operation, track, service_version, minute_start) p"
        + " ON p.service = s.service AND p.operation = s.operation AND p.track = m.track"
        + " AND p.minute_start = m.minute_start";
  }

  /**
   * For each signature, the version it was introduced in: the version that emitted it (see {@link
   * #attributed}) in its earliest minute, per side (canary or not). One query per {@value #CHUNK}
   * signatures, not one per signature. Signatures without a failing span minute of their operation
   * are left out.
   */
  public Map<String, FirstVersions> firstVersions(Collection<String> signatureIds)
      throws SQLException {
    // per signature and side (canary or not): version -> its first minute
    Map<String, Map<Boolean, Map<String, OffsetDateTime>>> seen = new HashMap<>();
    List<String> ids = List.copyOf(new LinkedHashSet<>(signatureIds));
    try (Connection c = dataSource.getConnection()) {
      for (int i = 0; i < ids.size(); i += CHUNK) {
        List<String> chunk = ids.subList(i, Math.min(ids.size(), i + CHUNK));
        String in = Sql.placeholders(chunk.size());
        try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT a.signature_id, CASE WHEN a.track = 'canary' THEN 1 ELSE 0 END,"
                    + " a.service_version, MIN(a.minute_start) FROM ("
                    + attributed(
                        "signature_id IN (" + in + ")",
                        "service IN (SELECT service FROM ingest_signature WHERE signature_id IN ("
                            + in
                            + "))")
                    + ") a WHERE a.rn = 1 GROUP BY a.signature_id,"
                    + " CASE WHEN a.track = 'canary' THEN 1 ELSE 0 END, a.service_version")) {
          int p = 1;
          for (int round = 0; round < 2; round++) {
            for (String id : chunk) {
              ps.setString(p++, id);
            }
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              seen.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                  .computeIfAbsent(rs.getInt(2) == 1, k -> new HashMap<>())
                  .merge(
                      rs.getString(3),
                      rs.getObject(4, OffsetDateTime.class),
                      (a, b) -> a.isBefore(b) ? a : b);
            }
          }
        }
      }
    }
    Map<String, FirstVersions> out = new HashMap<>();
    seen.forEach(
        (id, sides) ->
            out.put(
                id,
                new FirstVersions(
                    id, earliest(sides.get(Boolean.TRUE)), earliest(sides.get(Boolean.FALSE)))));
    return out;
  }

  /**
   * The signatures of {@code service} that {@code version} emitted on {@code track} in [from, to)
   * (see {@link #attributed}): what a decision on that version can blame.
   */
  public Set<String> emittedBy(
      String service, String version, String track, Instant from, Instant to) throws SQLException {
    Set<String> out = new LinkedHashSet<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT DISTINCT a.signature_id FROM ("
                    + attributed(
                        "track = ? AND minute_start >= ? AND minute_start < ? AND signature_id IN"
                            + " (SELECT signature_id FROM ingest_signature WHERE service = ?)",
                        "service = ? AND track = ? AND minute_start >= ? AND minute_start < ?")
                    + ") a WHERE a.rn = 1 AND a.service_version = ?")) {
      ps.setString(1, track);
      ps.setObject(2, Sql.time(from));
      ps.setObject(3, Sql.time(to));
      ps.setString(4, service);
      ps.setString(5, service);
      ps.setString(6, track);
      ps.setObject(7, Sql.time(from));
      ps.setObject(8, Sql.time(to));
      ps.setString(9, version);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** The version with the earliest first minute; ties go to the smaller version string. */
  private static String earliest(Map<String, OffsetDateTime> versions) {
    if (versions == null) {
      return null;
    }
    String best = null;
    OffsetDateTime at = null;
    for (Map.Entry<String, OffsetDateTime> e : versions.entrySet()) {
      int cmp = at == null ? -1 : e.getValue().compareTo(at);
      if (cmp < 0 || (cmp == 0 && e.getKey().compareTo(best) < 0)) {
        best = e.getKey();
        at = e.getValue();
      }
    }
    return best;
  }
}
