package io.tollgate.testsupport

import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

class PostgresFixtureSpec extends Specification {

  @Shared @AutoCleanup PostgresFixture pg = PostgresFixture.start()

  void "each fixture is a fresh database that takes writes and reads them back"() {
    when:
    def rows = []
    pg.connect().withCloseable { c ->
      c.createStatement().withCloseable { it.execute("create table t (id int primary key, name varchar)") }
      c.prepareStatement("insert into t values (?, ?)").withCloseable { ps ->
        [[1, "one"], [2, "two"]].each { ps.setInt(1, it[0]); ps.setString(2, it[1]); ps.executeUpdate() }
      }
      c.createStatement().withCloseable { st ->
        def rs = st.executeQuery("select id, name, current_database() from t order by id")
        while (rs.next()) rows << [rs.getInt(1), rs.getString(2), rs.getString(3)]
      }
    }

    then:
    rows*.take(2) == [[1, "one"], [2, "two"]]
    rows.every { it[2].startsWith("tollgate_t_") || !System.getenv(PostgresFixture.URL_ENV) }
  }

  def "the database name replaces the one in the server URL"() {
    expect:
    PostgresFixture.withDatabase(server, "db1") == result

    where:
    server                                            || result
    "jdbc:postgresql://127.0.0.1:5432/postgres"      || "jdbc:postgresql://127.0.0.1:5432/db1"
    "jdbc:postgresql://127.0.0.1:5432/postgres?ssl=false" || "jdbc:postgresql://127.0.0.1:5432/db1?ssl=false"
    "jdbc:postgresql://127.0.0.1:5432"               || "jdbc:postgresql://127.0.0.1:5432/db1"
  }

  def "without a configured URL, a server at the default local address is used when it answers"() {
    given: "a port nothing listens on"
    int closed = FreePort.loopback()

    expect:
    !PostgresFixture.answers("jdbc:postgresql://127.0.0.1:$closed/postgres", "postgres", "")
    // where postgres is required (CI), PostgreSQL runs at the default local address as postgres
    !Components.isRequired(PostgresFixture.COMPONENT) ||
        PostgresFixture.answers(PostgresFixture.DEFAULT_URL, "postgres", "")
  }
}
