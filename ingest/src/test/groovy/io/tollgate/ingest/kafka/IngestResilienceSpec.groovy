package io.tollgate.ingest.kafka

import io.prometheus.metrics.model.registry.PrometheusRegistry
import io.tollgate.telemetry.store.IngestSchema
import io.tollgate.ingest.testing.Databases
import io.tollgate.ingest.testing.Stored
import io.tollgate.ingest.testing.Workload
import io.tollgate.testsupport.KafkaFixture
import io.tollgate.testsupport.PostgresFixture
import java.lang.reflect.InvocationHandler
import java.lang.reflect.InvocationTargetException
import java.lang.reflect.Proxy
import java.nio.charset.StandardCharsets
import java.time.Duration
import java.time.Instant
import javax.sql.DataSource
import org.apache.kafka.clients.admin.AlterConfigOp
import org.apache.kafka.clients.admin.ConfigEntry
import org.apache.kafka.clients.admin.NewTopic
import org.apache.kafka.clients.consumer.Consumer
import org.apache.kafka.clients.consumer.KafkaConsumer
import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerRecord
import org.apache.kafka.common.config.ConfigResource
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.util.concurrent.PollingConditions

/**
 * What ends or holds a consumer: an unexpected error (not an undecodable record) restarts it and
 * nothing is lost; a dead letter the broker refuses holds its batch until the broker takes it.
 */
class IngestResilienceSpec extends IngestBrokerSpecification {

  int partitions() { 1 }

  void "a consumer that dies on an unexpected error is restarted, and nothing is lost or doubled"() {
    given: "the first consumer fails on its 30th poll with an error that is no undecodable record"
    def workload = new Workload(21, T0, 3)
    def registry = new PrometheusRegistry()
    int made = 0
    def consumers = { Map<String, Object> props ->
      def real = new KafkaConsumer<byte[], byte[]>(props)
      boolean first = made++ == 0
      int polls = 0
      (Consumer) Proxy.newProxyInstance(Consumer.classLoader, [Consumer] as Class[], { p, m, args ->
        if (first && m.name == 'poll' && ++polls == 30) {
          throw new IllegalStateException('injected: a bug in the loop')
        }
        try {
          m.invoke(real, args)
        } catch (InvocationTargetException e) {
          throw e.cause
        }
      } as InvocationHandler)
    }
    def ingestor = new OtlpIngestor(config(), ds, registry, consumers as java.util.function.Function)
    ingestors << ingestor

    when:
    ingestor.start()
    40.times {
      producer.send(new ProducerRecord<byte[], byte[]>(topic, workload.next(20).toByteArray())).get()
      sleep(50)
    }

    then:
    conditions.eventually {
      assert ingestor.restarts() == 1
      assert ingestor.isConsuming()
      assert Stored.totalRequests(ds, FROM, TO) == workload.requests()
    }
    ingestor.isRunning()
    ingestor.failure() instanceof IllegalStateException
    Stored.comparable(Stored.requests(ds, FROM, TO)) == Stored.comparable(workload.expected())
  }

  void "a dead letter the broker refuses holds its batch until the broker takes it; then all counts once"() {
    given: "a dead-letter topic that refuses records over 64 bytes"
    def dlq = 'dlq_' + topic
    kafka.admin().withCloseable { admin ->
      admin.createTopics([new NewTopic(dlq, 1, (short) 1).configs(['max.message.bytes': '64'])]).all().get()
    }
    def workload = new Workload(22, T0, 2)
    def registry = new PrometheusRegistry()
    byte[] garbage = ('not protobuf ' * 20).getBytes(StandardCharsets.UTF_8)
    5.times { producer.send(new ProducerRecord<byte[], byte[]>(topic, workload.next(20).toByteArray())).get() }
    producer.send(new ProducerRecord<byte[], byte[]>(topic, garbage)).get()
    5.times { producer.send(new ProducerRecord<byte[], byte[]>(topic, workload.next(20).toByteArray())).get() }

    when:
    def ingestor = new OtlpIngestor(config(), ds, registry)
    ingestors << ingestor
    ingestor.start()

    then: "the batch with the undecodable record is not committed, again and again"
    conditions.eventually {
      assert Stored.counter(registry, 'tollgate_ingest_commit_failures') >= 2
    }
    Stored.totalRequests(ds, FROM, TO) < workload.requests()

    when: "the topic takes bigger records"
    kafka.admin().withCloseable { admin ->
      admin.incrementalAlterConfigs([(new ConfigResource(ConfigResource.Type.TOPIC, dlq)):
          [new AlterConfigOp(new ConfigEntry('max.message.bytes', '1048576'), AlterConfigOp.OpType.SET)]]).all().get()
    }

    then: "the dead letter is delivered and every good record is counted exactly once"
    conditions.eventually {
      assert Stored.totalRequests(ds, FROM, TO) == workload.requests()
    }
    Stored.comparable(Stored.requests(ds, FROM, TO)) == Stored.comparable(workload.expected())
    readAll(dlq, 1)*.value() == [garbage]
  }

  List readAll(String from, int expected) {
    def out = []
    new KafkaConsumer<byte[], byte[]>(kafka.consumerProperties('reader-' + UUID.randomUUID())).withCloseable { c ->
      c.subscribe([from])
      long deadline = System.currentTimeMillis() + 10_000
      while (System.currentTimeMillis() < deadline) {
        c.poll(Duration.ofMillis(200)).each { out << it }
        if (out.size() >= expected && System.currentTimeMillis() > deadline - 7_000) break
      }
    }
    out
  }
}
