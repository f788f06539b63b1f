package io.tollgate.testsupport

import java.time.Duration
import org.apache.kafka.clients.consumer.KafkaConsumer
import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerRecord
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

class KafkaFixtureSpec extends Specification {

  @Shared @AutoCleanup KafkaFixture kafka = KafkaFixture.start()

  void "records produced to the in-JVM broker are consumed back in order"() {
    given:
    kafka.createTopic("fixture-roundtrip", 2)
    def values = (1..50).collect { "record-$it".bytes }

    when:
    new KafkaProducer<byte[], byte[]>(kafka.producerProperties()).withCloseable { producer ->
      values.each { producer.send(new ProducerRecord<>("fixture-roundtrip", 0, null, it)).get() }
    }
    def seen = []
    new KafkaConsumer<byte[], byte[]>(kafka.consumerProperties("fixture-spec")).withCloseable { consumer ->
      consumer.subscribe(["fixture-roundtrip"])
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos()
      while (seen.size() < values.size() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).each { seen << new String(it.value()) }
      }
    }

    then:
    seen == values.collect { new String(it) }
  }

  void "the broker listens on loopback"() {
    expect:
    kafka.bootstrapServers().split(",").every { it.startsWith("localhost:") || it.startsWith("127.0.0.1:") }
  }
}
