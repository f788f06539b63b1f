package io.tollgate.testsupport

import spock.lang.Requires
import spock.lang.Specification

/** The Testcontainers paths of the fixtures; skipped where no Docker engine runs. */
@Requires({ Components.dockerAvailable() })
class ContainerFixturesSpec extends Specification {

  void "a PostgreSQL container answers queries"() {
    expect:
    PostgresFixture.inContainer().withCloseable { pg ->
      pg.connect().withCloseable { c ->
        def rs = c.createStatement().executeQuery("select 40 + 2")
        rs.next() && rs.getInt(1) == 42
      }
    }
  }

  void "a Kafka container accepts a topic"() {
    expect:
    KafkaFixture.inContainer().withCloseable { kafka ->
      kafka.createTopic("container-topic", 1)
      kafka.admin().withCloseable { it.listTopics().names().get().contains("container-topic") }
    }
  }

  void "a Prometheus container serves backfilled data"() {
    expect:
    PrometheusFixture.inContainer(new OpenMetrics().gauge("up_test", [:], 1_700_000_000L, 60, 1, 1).text()).withCloseable {
      it.baseUri() != null
    }
  }
}
