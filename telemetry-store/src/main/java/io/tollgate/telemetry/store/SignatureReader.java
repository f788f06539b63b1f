package io.tollgate.telemetry.store;

import io.tollgate.telemetry.aggregate.SignatureSeen;
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
import java.util.TreeMap;
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

  /**
   * The signatures whose failure counts were appended after {@code after} (per {@code
   * topic/partition}, the last batch offset already read; a partition without one is read from the
   * start). Partitions are those ingest has committed offsets for. Stops collecting at {@code
   * limit} signatures and says so ({@link SignatureChanges#complete()}), so a reader far behind
   * rebuilds instead of holding a huge change set.
   */
  public SignatureChanges changes(Map<String, Long> after, int limit) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      BatchChanges.Result r =
          BatchChanges.after(c, "ingest_signature_minute", "signature_id", after, limit);
      return new SignatureChanges(r.values(), r.watermarks(), r.complete());
    }
  }

  /**
   * The last batch offset stored per {@code topic/partition} (see {@link SignatureChanges}): where
   * a reader that has just read everything continues. One index lookup per partition.
   */
  public Map<String, Long> watermarks() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return BatchChanges.watermarks(c, "ingest_signature_minute");
    }
  }

  /**
   * The given signatures with their failures in minutes starting in {@code [from, to)}, per track
   * and in total, first and last seen and exemplars merged over partitions. Signatures without
   * failures in the window are left out. Chunked like every query here; no order.
   */
  public List<SignatureSummary> summaries(Collection<String> signatureIds, Instant from, Instant to)
      throws SQLException {
    Map<String, Map<String, Long>> byTrack = new HashMap<>();
    Map<String, SignatureSeen> seen = new HashMap<>();
    List<String> ids = List.copyOf(new LinkedHashSet<>(signatureIds));
    try (Connection c = dataSource.getConnection()) {
      inChunks(
          c,
          ids,
          "SELECT signature_id, track, SUM(failures) FROM ingest_signature_minute"
              + " WHERE signature_id IN ",
          " AND minute_start >= ? AND minute_start < ? GROUP BY signature_id, track",
          List.of(Sql.time(from), Sql.time(to)),
          rs ->
              byTrack
                  .computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                  .merge(rs.getString(2), rs.getLong(3), Long::sum));
      inChunks(
          c,
          ids,
          "SELECT * FROM ingest_signature WHERE signature_id IN ",
          "",
          List.of(),
          rs ->
              seen.merge(
                  rs.getString("signature_id"),
                  SignatureRows.seen(rs),
                  (a, b) -> {
                    a.merge(b);
                    return a;
                  }));
    }
    List<SignatureSummary> out = new ArrayList<>();
    seen.forEach(
        (id, s) -> {
          Map<String, Long> tracks = byTrack.get(id);
          if (tracks != null) {
            out.add(SignatureSummary.of(id, s, tracks));
          }
        });
    return out;
  }

  /** Failures per minute and track of the given signatures in [from, to), in time order. */
  public List<SignatureMinute> minutes(Collection<String> signatureIds, Instant from, Instant to)
      throws SQLException {
    List<SignatureMinute> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      inChunks(
          c,
          List.copyOf(new LinkedHashSet<>(signatureIds)),
          "SELECT signature_id, minute_start, track, SUM(failures) FROM"
              + " ingest_signature_minute WHERE signature_id IN ",
          " AND minute_start >= ? AND minute_start < ? GROUP BY signature_id, minute_start, track",
          List.of(Sql.time(from), Sql.time(to)),
          rs ->
              out.add(
                  new SignatureMinute(
                      rs.getString(1),
                      rs.getObject(2, OffsetDateTime.class).toInstant(),
                      rs.getString(3),
                      rs.getLong(4))));
    }
    out.sort(
        java.util.Comparator.comparing(SignatureMinute::minute)
            .thenComparing(SignatureMinute::track)
            .thenComparing(SignatureMinute::signatureId));
    return out;
  }

  /**
   * For each signature, the version it was introduced in: the service version whose failures with
   * the signature come first (per side: canary or not), from the version each failure count
   * carries. Counts stored before versions were kept (version {@code ''}) are not considered. One
   * query per {@value #CHUNK} signatures over their own minutes, nothing else. Signatures without a
   * versioned count are left out.
   */
  public Map<String, FirstVersions> firstVersions(Collection<String> signatureIds)
      throws SQLException {
    // per signature and side (canary or not): version -> its first minute
    Map<String, Map<Boolean, Map<String, OffsetDateTime>>> seen = new HashMap<>();
    try (Connection c = dataSource.getConnection()) {
      inChunks(
          c,
          List.copyOf(new LinkedHashSet<>(signatureIds)),
          "SELECT signature_id, CASE WHEN track = 'canary' THEN 1 ELSE 0 END,"
              + " service_version, MIN(minute_start) FROM ingest_signature_minute"
              + " WHERE signature_id IN ",
          " AND service_version <> '' GROUP BY signature_id,"
              + " CASE WHEN track = 'canary' THEN 1 ELSE 0 END, service_version",
          List.of(),
          rs ->
              seen.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                  .computeIfAbsent(rs.getInt(2) == 1, k -> new HashMap<>())
                  .merge(
                      rs.getString(3),
                      rs.getObject(4, OffsetDateTime.class),
                      (a, b) -> a.isBefore(b) ? a : b));
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
   * The signatures of {@code service} that {@code version} emitted on {@code track} in minutes
   * starting in [from, to), from the version each failure count carries: what a decision on that
   * version can blame.
   */
  public Set<String> emittedBy(
      String service, String version, String track, Instant from, Instant to) throws SQLException {
    Set<String> out = new LinkedHashSet<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT DISTINCT m.signature_id FROM ingest_signature_minute m"
                    + " WHERE m.service_version = ? AND m.track = ? AND m.minute_start >= ?"
                    + " AND m.minute_start < ? AND m.signature_id IN"
                    + " (SELECT signature_id FROM ingest_signature WHERE service = ?)")) {
      ps.setString(1, version);
      ps.setString(2, track);
      ps.setObject(3, Sql.time(from));
      ps.setObject(4, Sql.time(to));
      ps.setString(5, service);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** Takes one row of a result. */
  private interface RowReader {
    void read(ResultSet rs) throws SQLException;
  }

  /**
   * Runs {@code head + "(?, ...)" + tail} once per {@value #CHUNK} of {@code ids}, binding the
   * chunk's ids and then {@code params}, and hands every row to {@code rows}.
   */
  private static void inChunks(
      Connection c, List<String> ids, String head, String tail, List<Object> params, RowReader rows)
      throws SQLException {
    for (int i = 0; i < ids.size(); i += CHUNK) {
      List<String> chunk = ids.subList(i, Math.min(ids.size(), i + CHUNK));
      try (PreparedStatement ps =
          c.prepareStatement(head + "(" + Sql.placeholders(chunk.size()) + ")" + tail)) {
        int p = 1;
        for (String id : chunk) {
          ps.setString(p++, id);
        }
        for (Object v : params) {
          ps.setObject(p++, v);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.read(rs);
          }
        }
      }
    }
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
