package io.tollgate.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A fresh, empty PostgreSQL database for one spec.
 *
 * <p>Where {@code TOLLGATE_TEST_POSTGRES_URL} names a server (CI points it at the machine's
 * PostgreSQL, e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres}), a new database is created
 * there and dropped on {@link #close()}. Without it, a server answering at {@link #DEFAULT_URL} is
 * used the same way; else, where Docker runs, a Testcontainers PostgreSQL is started. Otherwise the
 * spec is skipped, or fails when {@code TOLLGATE_TEST_REQUIRE} names {@code postgres}.
 *
 * <pre>{@code
 * try (PostgresFixture pg = PostgresFixture.start()) {
 *   try (Connection c = pg.connect()) { ... }
 * }
 * }</pre>
 */
public final class PostgresFixture implements AutoCloseable {
  public static final String COMPONENT = "postgres";
  public static final String URL_ENV = "TOLLGATE_TEST_POSTGRES_URL";
  public static final String USER_ENV = "TOLLGATE_TEST_POSTGRES_USER";
  public static final String PASSWORD_ENV = "TOLLGATE_TEST_POSTGRES_PASSWORD";

  /**
   * Used when {@link #URL_ENV} is not set: a PostgreSQL at its default local address (as Debian's
   * and Homebrew's packages run it), so a plain {@code ./mvnw verify} on a developer machine runs
   * the PostgreSQL specs instead of skipping them.
   */
  public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final Runnable onClose;

  private PostgresFixture(String jdbcUrl, String user, String password, Runnable onClose) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.onClose = onClose;
  }

  /** Starts (or connects to) PostgreSQL and creates a fresh database. */
  public static PostgresFixture start() {
    String serverUrl = System.getenv(URL_ENV);
    if (serverUrl != null && !serverUrl.isBlank()) {
      return onServer(serverUrl, envOr(USER_ENV, "postgres"), envOr(PASSWORD_ENV, ""));
    }
    String user = envOr(USER_ENV, "postgres");
    String password = envOr(PASSWORD_ENV, "");
    if (answers(DEFAULT_URL, user, password)) {
      return onServer(DEFAULT_URL, user, password);
    }
    if (Components.dockerAvailable()) {
      return inContainer();
    }
    throw Components.unavailable(
        COMPONENT,
        URL_ENV
            + " is not set, nothing answers at "
            + DEFAULT_URL
            + " as "
            + user
            + " and no Docker engine is available",
        null);
  }

  /** Starts a Testcontainers PostgreSQL; requires a Docker engine. */
  @SuppressWarnings("resource")
  public static PostgresFixture inContainer() {
    PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
    try {
      container.start();
    } catch (RuntimeException e) {
      throw Components.unavailable(COMPONENT, "PostgreSQL container did not start", e);
    }
    return new PostgresFixture(
        container.getJdbcUrl(), container.getUsername(), container.getPassword(), container::stop);
  }

  static PostgresFixture onServer(String serverUrl, String user, String password) {
    String database =
        "tollgate_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection admin = DriverManager.getConnection(serverUrl, user, password);
        Statement st = admin.createStatement()) {
      st.execute("CREATE DATABASE " + database);
    } catch (SQLException e) {
      throw Components.unavailable(
          COMPONENT, "cannot create a database on " + serverUrl + ": " + e.getMessage(), e);
    }
    String url = withDatabase(serverUrl, database);
    return new PostgresFixture(
        url,
        user,
        password,
        () -> {
          try (Connection admin = DriverManager.getConnection(serverUrl, user, password);
              Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
          } catch (SQLException e) {
            throw new IllegalStateException("could not drop test database " + database, e);
          }
        });
  }

  /** True when {@code url} accepts a connection within 2 s. */
  static boolean answers(String url, String user, String password) {
    java.util.Properties props = new java.util.Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    props.setProperty("connectTimeout", "2");
    props.setProperty("loginTimeout", "2");
    try (Connection c = DriverManager.getConnection(url, props)) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  static String withDatabase(String serverUrl, String database) {
    int query = serverUrl.indexOf('?');
    String base = query < 0 ? serverUrl : serverUrl.substring(0, query);
    String params = query < 0 ? "" : serverUrl.substring(query);
    int slash = base.lastIndexOf('/');
    if (slash < "jdbc:postgresql://".length()) {
      return base + "/" + database + params;
    }
    return base.substring(0, slash + 1) + database + params;
  }

  private static String envOr(String name, String fallback) {
    String v = System.getenv(name);
    return v == null ? fallback : v;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  /** Micronaut datasource properties pointing the default datasource at this database. */
  public Map<String, String> micronautProperties() {
    return Map.of(
        "datasources.default.url", jdbcUrl,
        "datasources.default.username", user,
        "datasources.default.password", password,
        "datasources.default.driver-class-name", "org.postgresql.Driver");
  }

  @Override
  public void close() {
    onClose.run();
  }

  @Override
  public String toString() {
    return "PostgreSQL " + jdbcUrl.toLowerCase(Locale.ROOT);
  }
}
