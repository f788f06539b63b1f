package io.tollgate.ingest.kafka

import io.prometheus.metrics.model.registry.PrometheusRegistry
import io.tollgate.ingest.otlp.OtlpEncoding
import io.tollgate.telemetry.store.IngestSchema
import io.tollgate.ingest.testing.Databases
import io.tollgate.ingest.testing.Otlp
import io.tollgate.ingest.testing.Stored
import io.tollgate.ingest.testing.Workload
import io.tollgate.testsupport.KafkaFixture
import io.tollgate.testsupport.PostgresFixture
import java.nio.charset.StandardCharsets
import java.time.Duration
import java.time.Instant
import javax.sql.DataSource
import org.apache.kafka.clients.consumer.KafkaConsumer
import java.util.concurrent.Future
import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerConfig
import org.apache.kafka.clients.producer.ProducerRecord
import org.apache.kafka.clients.admin.AlterConfigOp
import org.apache.kafka.clients.admin.ConfigEntry
import org.apache.kafka.clients.admin.NewTopic
import org.apache.kafka.common.config.ConfigResource
import org.apache.kafka.common.header.internals.RecordHeader
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

class OtlpIngestorSpec extends IngestBrokerSpecification {

  int partitions() { 3 }

  void "OTLP protobuf as the Collector's Kafka exporter writes it lands as exact counts"() {
    given:
    def workload = new Workload(11, T0, 5)
    def registry = new PrometheusRegistry()
    200.times { produce(topic, workload.next(50).toByteArray()) }
    flush()

    when:
    start(config(), registry)

    then:
    conditions.eventually {
      assert Stored.totalRequests(ds, FROM, TO) == workload.requests()
    }
    Stored.comparable(Stored.requests(ds, FROM, TO)) == Stored.comparable(workload.expected())
    Stored.counter(registry, 'tollgate_ingest_spans') == workload.spans()
    Stored.counter(registry, 'tollgate_ingest_records') == 200
  }

  void "OTLP JSON from topics matched by a regex lands as exact counts"() {
    given:
    String second = topic + '_eu'
    kafka.createTopic(second, 2)
    def workload = new Workload(12, T0, 3)
    60.times { produce(it % 2 == 0 ? topic : second, Otlp.json(workload.next(40))) }
    flush()

    when:
    start(config().withSpanTopics('^' + topic + '.*').withEncoding(OtlpEncoding.OTLP_JSON))

    then:
    conditions.eventually {
      assert Stored.totalRequests(ds, FROM, TO) == workload.requests()
    }
    Stored.comparable(Stored.requests(ds, FROM, TO)) == Stored.comparable(workload.expected())
  }

  void "undecodable records go to the dead-letter topic with their bytes, headers and origin, and ingest goes on"() {
    given:
    def dlq = 'dlq_' + topic
    kafka.createTopic(dlq, 1)
    def workload = new Workload(13, T0, 2)
    def registry = new PrometheusRegistry()
    byte[] garbage = 'not protobuf at all'.getBytes(StandardCharsets.UTF_8)
    byte[] good = workload.next(30).toByteArray()
    byte[] truncated = Arrays.copyOf(good, good.length - 11)
    producer.send(new ProducerRecord<byte[], byte[]>(topic, 0, null, garbage, [new RecordHeader('trace', 'abc'.bytes)])).get()
    producer.send(new ProducerRecord<byte[], byte[]>(topic, 0, null, good)).get()
    producer.send(new ProducerRecord<byte[], byte[]>(topic, 0, null, truncated)).get()
    10.times { produce(topic, workload.next(30).toByteArray()) }
    flush()

    when:
    start(config(), registry)

    then: 'every good record is counted despite the bad ones between them'
    conditions.eventually {
      assert Stored.totalRequests(ds, FROM, TO) == workload.requests()
    }
    Stored.counter(registry, 'tollgate_ingest_dead_letters') == 2

    and: 'the dead letters carry the original bytes and headers, the error and where they came from'
    def letters = readAll(dlq, 2)
    letters.size() == 2
    letters[0].value() == garbage
    letters[1].value() == truncated
    header(letters[0], 'trace') == 'abc'
    header(letters[0], DeadLetters.SOURCE_TOPIC) == topic
    header(letters[0], DeadLetters.SOURCE_PARTITION) == '0'
    header(letters[0], DeadLetters.SOURCE_OFFSET) == '0'
    header(letters[1], DeadLetters.SOURCE_OFFSET) == '2'
    header(letters[0], DeadLetters.ERROR).startsWith('invalid OTLP protobuf')
    header(letters[0], DeadLetters.ENCODING) == 'otlp_proto'
  }

  void "two replicas sharing the group through rebalances count everything exactly once"() {
    given:
    def workload = new Workload(14, T0, 4)
    def cfg = config()
    100.times { produce(topic, workload.next(20).toByteArray()) }
    flush()

    when: 'a first replica starts, a second joins, then the first leaves, while records keep coming'
    def first = start(cfg)
    conditions.eventually { assert Stored.totalRequests(ds, FROM, TO) > 0 }
    100.times { produce(topic, workload.next(20).toByteArray()) }
    flush()
    start(cfg)
    100.times { produce(topic, workload.next(20).toByteArray()) }
    flush()
    first.close()
    100.times { produce(topic, workload.next(20).toByteArray()) }
    flush()

    then:
    conditions.eventually {
      assert Stored.totalRequests(ds, FROM, TO) == workload.requests()
    }
    Stored.comparable(Stored.requests(ds, FROM, TO)) == Stored.comparable(workload.expected())
  }

  void "while the database refuses connections partitions pause, and nothing is lost when it returns"() {
    given:
    def workload = new Workload(15, T0, 3)
    def registry = new PrometheusRegistry()
    def database = pg.jdbcUrl().substring(pg.jdbcUrl().lastIndexOf('/') + 1)
    start(config(), registry)
    20.times { produce(topic, workload.next(25).toByteArray()) }
    flush()
    conditions.eventually { assert Stored.totalRequests(ds, FROM, TO) == workload.requests() }

    when: 'the database goes away'
    admin("ALTER DATABASE $database ALLOW_CONNECTIONS false")
    admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '$database'")
    50.times { produce(topic, workload.next(25).toByteArray()) }
    flush()

    then: 'commits fail and are retried'
    conditions.eventually { assert Stored.counter(registry, 'tollgate_ingest_commit_failures') >= 2 }

    when: 'it comes back'
    admin("ALTER DATABASE $database ALLOW_CONNECTIONS true")

    then:
    conditions.eventually {
      assert Stored.totalRequests(ds, FROM, TO) == workload.requests()
    }
    Stored.comparable(Stored.requests(ds, FROM, TO)) == Stored.comparable(workload.expected())
  }

  void "span requests over 1 MB and OTLP metrics from their own topic land exactly"() {
    given: 'topics that accept the large messages the Collector may write'
    def metricsTopic = 'otlp_metrics_' + topic
    kafka.admin().withCloseable { admin ->
      admin.createTopics([new NewTopic(metricsTopic, 2, (short) 1)]).all().get()
      admin.incrementalAlterConfigs([(new ConfigResource(ConfigResource.Type.TOPIC, topic)):
          [new AlterConfigOp(new ConfigEntry('max.message.bytes', '8388608'), AlterConfigOp.OpType.SET)]]).all().get()
    }
    def big = new KafkaProducer<byte[], byte[]>(kafka.producerProperties() + [(ProducerConfig.MAX_REQUEST_SIZE_CONFIG): 8_388_608])
    def workload = new Workload(16, T0, 3)
    def large = (0..<3).collect { workload.next(5000).toByteArray() }
    large.each { big.send(new ProducerRecord<byte[], byte[]>(topic, it)).get() }
    big.close()
    def gauge = io.opentelemetry.proto.metrics.v1.Metric.newBuilder().setName('jvm.memory.used')
        .setGauge(io.opentelemetry.proto.metrics.v1.Gauge.newBuilder()
            .addDataPoints(io.opentelemetry.proto.metrics.v1.NumberDataPoint.newBuilder().setTimeUnixNano(T0 + 1_000_000_000L).setAsInt(100))
            .addDataPoints(io.opentelemetry.proto.metrics.v1.NumberDataPoint.newBuilder().setTimeUnixNano(T0 + 2_000_000_000L).setAsInt(300)))
        .build()
    def metrics = io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(io.opentelemetry.proto.metrics.v1.ResourceMetrics.newBuilder()
            .setResource(Otlp.resource('cart', '2.0.0', 'prod', 'canary'))
            .addScopeMetrics(io.opentelemetry.proto.metrics.v1.ScopeMetrics.newBuilder().addMetrics(gauge))).build()
    4.times { produce(metricsTopic, metrics.toByteArray()) }
    flush()

    when:
    start(config().withMetricTopics(metricsTopic))

    then:
    large.every { it.length > 1_000_000 }
    conditions.eventually {
      assert Stored.totalRequests(ds, FROM, TO) == workload.requests()
      def m = new io.tollgate.telemetry.store.AggregateReader(ds).metricMinutes('jvm.memory.used', 'cart', FROM, TO)
      assert m.size() == 1
      assert m.first().stats().samples() == 8
      assert m.first().stats().sum() == 1600d
      assert m.first().stats().max() == 300d
    }
    Stored.comparable(Stored.requests(ds, FROM, TO)) == Stored.comparable(workload.expected())
  }

  void admin(String sql) {
    def server = System.getenv(PostgresFixture.URL_ENV)
    java.sql.DriverManager.getConnection(server, pg.user(), pg.password()).withCloseable { c ->
      c.createStatement().withCloseable { it.execute(sql) }
    }
  }

  List readAll(String from, int expected) {
    def props = kafka.consumerProperties('reader-' + UUID.randomUUID())
    def out = []
    new KafkaConsumer<byte[], byte[]>(props).withCloseable { c ->
      c.subscribe([from])
      long deadline = System.currentTimeMillis() + 30_000
      while (out.size() < expected && System.currentTimeMillis() < deadline) {
        c.poll(Duration.ofMillis(200)).each { out << it }
      }
    }
    out.sort { it.offset() }
  }

  static String header(record, String key) {
    def h = record.headers().lastHeader(key)
    h == null ? null : new String(h.value(), StandardCharsets.UTF_8)
  }
}
