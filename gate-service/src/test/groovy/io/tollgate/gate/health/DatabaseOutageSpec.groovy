package io.tollgate.gate.health

import io.micronaut.runtime.server.EmbeddedServer
import io.micronaut.test.extensions.spock.annotation.MicronautTest
import io.micronaut.test.support.TestPropertyProvider
import io.tollgate.gate.ApiClient
import io.tollgate.testsupport.Components
import io.tollgate.testsupport.PostgresFixture
import jakarta.inject.Inject
import java.sql.DriverManager
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.Stepwise
import spock.util.concurrent.PollingConditions

import static io.tollgate.gate.ApiClient.ADMIN

/**
 * PostgreSQL unavailable for {@code OUTAGE_SECONDS}: the spec's own database refuses connections and
 * its sessions are cut (the shared server itself keeps running for everyone else). Liveness keeps
 * answering within a second, readiness says DOWN within two, and everything works again afterwards
 * without a restart.
 */
@MicronautTest(transactional = false)
@Stepwise
class DatabaseOutageSpec extends Specification implements TestPropertyProvider {
  static final int OUTAGE_SECONDS = Integer.getInteger("tollgate.outage.seconds", 40)

  @Shared PostgresFixture pg
  @Inject EmbeddedServer server
  @Shared String viewer

  @Override
  Map<String, String> getProperties() {
    pg = PostgresFixture.start()
    if (!System.getenv(PostgresFixture.URL_ENV)) {
      throw Components.unavailable(PostgresFixture.COMPONENT, "the outage needs a server to cut (${PostgresFixture.URL_ENV})", null)
    }
    pg.micronautProperties() + ["datasources.default.connection-timeout": "3000"]
  }

  def cleanupSpec() {
    if (pg) {
      admin("ALTER DATABASE ${database()} ALLOW_CONNECTIONS true")
      pg.close()
    }
  }

  ApiClient api() { new ApiClient(server.URI) }

  String database() { pg.jdbcUrl().substring(pg.jdbcUrl().lastIndexOf('/') + 1).replaceAll(/\?.*/, "") }

  void admin(String sql) {
    DriverManager.getConnection(System.getenv(PostgresFixture.URL_ENV),
        System.getenv(PostgresFixture.USER_ENV) ?: "postgres", System.getenv(PostgresFixture.PASSWORD_ENV) ?: "").withCloseable {
      it.createStatement().execute(sql)
    }
  }

  long millis(Closure<?> call) {
    long t0 = System.nanoTime()
    call()
    (System.nanoTime() - t0).intdiv(1_000_000) as long
  }

  void "with the database up, everything is UP"() {
    when:
    viewer = api().post("/api/v1/tokens", ADMIN, [name: "outage", role: "viewer"]).body.token

    then:
    api().get("/health/readiness").status == 200
    api().get("/api/v1/gates", viewer).status == 200
  }

  void "during the outage liveness answers fast, readiness is DOWN within 2 s, and API calls fail fast"() {
    when: "the database refuses connections and its sessions are cut"
    admin("ALTER DATABASE ${database()} ALLOW_CONNECTIONS false")
    admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database()}'")
    long cutAt = System.nanoTime()

    and: "probes and a cached token's reader keep calling for the whole outage"
    List<Long> liveness = []
    List<Long> readiness = []
    Long downAfterMillis = null
    Map during = null
    long duringMillis = 0
    // someone keeps the blocking pool busy with look-ups of unknown tokens meanwhile
    def noise = Thread.start {
      while (System.nanoTime() - cutAt < OUTAGE_SECONDS * 1_000_000_000L) {
        api().get("/api/v1/gates", "tg_unknown_${System.nanoTime()}")
      }
    }
    while (System.nanoTime() - cutAt < OUTAGE_SECONDS * 1_000_000_000L) {
      liveness << millis { assert api().get("/health/liveness").status == 200 }
      Map r = null
      readiness << millis { r = api().get("/health/readiness") }
      if (r.status == 503 && downAfterMillis == null) {
        downAfterMillis = (System.nanoTime() - cutAt).intdiv(1_000_000) as long
      }
      if (during == null && System.nanoTime() - cutAt > 3_000_000_000L) {
        duringMillis = millis { during = api().get("/api/v1/gates", viewer) }
      }
      sleep(250)
    }
    noise.join()
    println "outage ${OUTAGE_SECONDS} s: liveness max ${liveness.max()} ms over ${liveness.size()} probes," +
        " readiness max ${readiness.max()} ms, DOWN after ${downAfterMillis} ms; API during outage: ${during.status} in ${duringMillis} ms"

    then:
    liveness.max() < 1_000
    readiness.max() < 2_000
    downAfterMillis != null && downAfterMillis < 2_000
    during.status == 503
    during.type == "application/problem+json"
  }

  void "when the database is back, everything recovers without a restart"() {
    when:
    admin("ALTER DATABASE ${database()} ALLOW_CONNECTIONS true")

    then:
    new PollingConditions(timeout: 30, delay: 0.5).eventually {
      assert api().get("/health/readiness").status == 200
      assert api().get("/api/v1/gates", viewer).status == 200
    }
    api().post("/api/v1/tokens", ADMIN, [name: "after", role: "viewer"]).status == 201
  }
}
