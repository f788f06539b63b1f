package io.tollgate.testsupport

import java.time.Duration
import org.apache.kafka.clients.consumer.KafkaConsumer
import org.apache.kafka.clients.producer.KafkaProducer
import org.apache.kafka.clients.producer.ProducerRecord
import spock.lang.AutoCleanup
import spock.lang.Specification

class KafkaProcessSpec extends Specification {
  @AutoCleanup KafkaProcess kafka = KafkaProcess.start()

  void "a broker process keeps its address and its records across a restart"() {
    given:
    kafka.createTopic('t', 2)
    String address = kafka.bootstrapServers()
    new KafkaProducer<byte[], byte[]>(kafka.producerProperties()).withCloseable { p ->
      3.times { p.send(new ProducerRecord<byte[], byte[]>('t', "r$it".bytes)).get() }
    }

    when:
    kafka.kill()
    kafka.restart()

    then:
    kafka.bootstrapServers() == address
    readAll().collect { new String(it.value()) }.sort() == ['r0', 'r1', 'r2']
  }

  List readAll() {
    def out = []
    new KafkaConsumer<byte[], byte[]>(kafka.consumerProperties('g')).withCloseable { c ->
      c.subscribe(['t'])
      long deadline = System.currentTimeMillis() + 30_000
      while (out.size() < 3 && System.currentTimeMillis() < deadline) {
        c.poll(Duration.ofMillis(200)).each { out << it }
      }
    }
    out
  }
}
