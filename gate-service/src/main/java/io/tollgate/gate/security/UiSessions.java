package io.tollgate.gate.security;

import io.micronaut.context.annotation.Value;
import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Server-side web UI sessions: a random id in the cookie, its hash in {@code ui_session} with the
 * token it was opened with and a random CSRF token. A session lives {@code
 * tollgate.ui.session-hours} at most, ends at logout, and ends with its token (each request checks
 * the token again, through the token caches).
 */
@Singleton
public final class UiSessions {
  static final String PREFIX = "tgs_";
  public static final String CSRF_ATTRIBUTE = "csrf";

  /** A session just opened: the id for the cookie, and how long the cookie should live. */
  public record Opened(String id, Duration maxAge) {}

  private final DataSource dataSource;
  private final TokenAuthenticator authenticator;
  private final Clock clock;
  private final Duration lifetime;

  UiSessions(
      DataSource dataSource,
      DataSourceResolver resolver,
      TokenAuthenticator authenticator,
      Clock clock,
      @Value("${tollgate.ui.session-hours:12}") int sessionHours) {
    // plain JDBC outside any transaction: the pool itself, not the transaction-aware proxy
    this.dataSource = resolver.resolve(dataSource);
    this.authenticator = authenticator;
    this.clock = clock;
    this.lifetime = Duration.ofHours(Math.max(1, sessionHours));
  }

  static boolean isSessionId(String token) {
    return token != null && token.startsWith(PREFIX) && token.length() < 100;
  }

  /** Opens a session for a token the caller has just authenticated. */
  public Opened open(String token) {
    String id = PREFIX + Tokens.generate().substring(Tokens.PREFIX.length());
    String csrf = Tokens.generate().substring(Tokens.PREFIX.length());
    Instant now = clock.instant();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement expired =
          c.prepareStatement("DELETE FROM ui_session WHERE expires_at < ?")) {
        expired.setObject(1, time(now));
        expired.executeUpdate();
      }
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO ui_session (id_hash, token_hash, csrf, created_at, expires_at)"
                  + " VALUES (?, ?, ?, ?, ?)")) {
        insert.setString(1, Tokens.hash(id));
        insert.setString(2, Tokens.hash(token));
        insert.setString(3, csrf);
        insert.setObject(4, time(now));
        insert.setObject(5, time(now.plus(lifetime)));
        insert.executeUpdate();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store a UI session", e);
    }
    return new Opened(id, lifetime);
  }

  /** The authentication of a live session, with its CSRF token as an attribute (may block). */
  Optional<Authentication> authenticate(String id) {
    String tokenHash;
    String csrf;
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT token_hash, csrf FROM ui_session WHERE id_hash = ? AND expires_at > ?")) {
      q.setString(1, Tokens.hash(id));
      q.setObject(2, time(clock.instant()));
      try (ResultSet rs = q.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        tokenHash = rs.getString(1);
        csrf = rs.getString(2);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read a UI session", e);
    }
    return authenticator
        .authenticateHash(tokenHash)
        .map(
            a -> {
              Map<String, Object> attributes = new HashMap<>(a.getAttributes());
              attributes.put(CSRF_ATTRIBUTE, csrf);
              return Authentication.build(a.getName(), a.getRoles(), attributes);
            });
  }

  /** Ends a session (logout); unknown ids are ignored. */
  public void close(String id) {
    if (!isSessionId(id)) {
      return;
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement d = c.prepareStatement("DELETE FROM ui_session WHERE id_hash = ?")) {
      d.setString(1, Tokens.hash(id));
      d.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot end a UI session", e);
    }
  }

  private static OffsetDateTime time(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }
}
