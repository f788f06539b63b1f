package io.tollgate.gate.otlp

import io.micronaut.context.ApplicationContext
import io.micronaut.runtime.server.EmbeddedServer
import io.tollgate.telemetry.store.AggregateReader
import io.tollgate.telemetry.store.AggregateStore
import io.micronaut.jdbc.DataSourceResolver
import javax.sql.DataSource
import io.tollgate.telemetry.store.SpanQuery
import java.nio.file.Files
import java.time.Duration
import java.time.Instant
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

import static io.tollgate.gate.ApiClient.ADMIN
import static io.tollgate.gate.otlp.OtlpWire.*

/**
 * Single-node mode across a restart: the database keeps its counts and offsets, the broker starts
 * empty. The second run must count its own spans from its first record, next to the first run's.
 */
class SingleNodeRestartSpec extends Specification {
  void "a restarted single-node service counts the new spans, and keeps the old counts"() {
    given:
    def dir = Files.createTempDirectory("tollgate-single-node")
    def props = ["tollgate.single-node.enabled": "true", "tollgate.ingest.batch-interval": "200ms",
                 "datasources.default.url"     : "jdbc:h2:file:${dir.resolve("db")};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE".toString()]
    long start = System.currentTimeMillis() * 1_000_000L

    when: "the first run ingests 40 spans and stops"
    run(props) { server, reader ->
      assert post(server.URI, "/v1/traces", ADMIN, "application/x-protobuf", handMade("restart", 40, 0, start).toByteArray()).statusCode() == 200
      eventually { assert count(reader) == 40 }
    }

    and: "the second run, on the same database and a new broker, gets 30 more in the same minute"
    long second = 0
    Map<Integer, Long> offsetsAtStart = null
    run(props) { server, reader ->
      offsetsAtStart = new AggregateStore(pool(server.applicationContext)).storedOffsets("otlp_spans")
      assert post(server.URI, "/v1/traces", ADMIN, "application/x-protobuf", handMade("restart", 30, 0, start + 1_000_000L).toByteArray()).statusCode() == 200
      eventually { assert count(reader) >= 70 }
      sleep(1000)
      second = count(reader)
    }

    then: "offsets of the old broker's log are forgotten: seeking to them would skip new records"
    offsetsAtStart.isEmpty()
    second == 70

    cleanup:
    dir.toFile().deleteDir()
  }

  static void run(Map props, Closure body) {
    ApplicationContext.run(EmbeddedServer, props, "test").withCloseable { EmbeddedServer server ->
      body(server, server.applicationContext.getBean(AggregateReader))
    }
  }

  static DataSource pool(ApplicationContext context) {
    context.getBean(DataSourceResolver).resolve(context.getBean(DataSource))
  }

  static void eventually(Closure check) {
    new PollingConditions(timeout: 30, delay: 0.2).eventually(check)
  }

  static long count(AggregateReader reader) {
    def now = Instant.now()
    reader.operations(new SpanQuery("restart", "canary", "GET /stock", now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1))))
        .sum { it.requests() } ?: 0
  }
}
