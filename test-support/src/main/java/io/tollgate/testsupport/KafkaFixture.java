package io.tollgate.testsupport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A real Kafka broker for one spec: an in-JVM single-node KRaft cluster ({@link
 * KafkaClusterTestKit}), or a Testcontainers Kafka where asked for with {@link #inContainer()}.
 *
 * <pre>{@code
 * try (KafkaFixture kafka = KafkaFixture.start()) {
 *   kafka.createTopic("otlp_spans", 3);
 *   try (var producer = new KafkaProducer<byte[], byte[]>(kafka.producerProperties())) { ... }
 * }
 * }</pre>
 */
public final class KafkaFixture implements AutoCloseable {
  public static final String COMPONENT = "kafka";

  private final String bootstrapServers;
  private final AutoCloseable resource;

  private KafkaFixture(String bootstrapServers, AutoCloseable resource) {
    this.bootstrapServers = bootstrapServers;
    this.resource = resource;
  }

  /** Starts an in-JVM KRaft broker (controller and broker in one node) on loopback. */
  public static KafkaFixture start() {
    return start(Map.of());
  }

  /** Starts an in-JVM KRaft broker with extra broker properties. */
  public static KafkaFixture start(Map<String, String> brokerProperties) {
    KafkaClusterTestKit cluster = null;
    try {
      KafkaClusterTestKit.Builder builder =
          new KafkaClusterTestKit.Builder(
              new TestKitNodes.Builder()
                  .setCombined(true)
                  .setNumBrokerNodes(1)
                  .setNumControllerNodes(1)
                  .build());
      builder.setConfigProp("offsets.topic.replication.factor", "1");
      builder.setConfigProp("transaction.state.log.replication.factor", "1");
      builder.setConfigProp("transaction.state.log.min.isr", "1");
      builder.setConfigProp("group.initial.rebalance.delay.ms", "0");
      builder.setConfigProp("num.partitions", "1");
      brokerProperties.forEach(builder::setConfigProp);
      cluster = builder.build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new KafkaFixture(cluster.bootstrapServers(), cluster);
    } catch (Exception e) {
      closeQuietly(cluster);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw Components.unavailable(COMPONENT, "in-JVM KRaft broker did not start", e);
    }
  }

  /** Starts a Testcontainers Kafka (KRaft, apache/kafka image); requires a Docker engine. */
  @SuppressWarnings("resource")
  public static KafkaFixture inContainer() {
    KafkaContainer container = new KafkaContainer("apache/kafka:3.9.1");
    try {
      container.start();
    } catch (RuntimeException e) {
      throw Components.unavailable(COMPONENT, "Kafka container did not start", e);
    }
    return new KafkaFixture(container.getBootstrapServers(), container::stop);
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** Creates a topic and waits until it exists. */
  public void createTopic(String name, int partitions) {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not create topic " + name, e);
    }
  }

  /** Producer properties for byte[] keys and values. */
  public Map<String, Object> producerProperties() {
    return producerProperties(bootstrapServers);
  }

  static Map<String, Object> producerProperties(String bootstrapServers) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return props;
  }

  /** Consumer properties for byte[] keys and values, reading from the earliest offset. */
  public Map<String, Object> consumerProperties(String groupId) {
    return consumerProperties(bootstrapServers, groupId);
  }

  static Map<String, Object> consumerProperties(String bootstrapServers, String groupId) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return props;
  }

  @Override
  public void close() {
    try {
      resource.close();
    } catch (Exception e) {
      throw new IllegalStateException("Kafka did not stop cleanly", e);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception ignored) {
      // already failing; the original exception is the one worth reporting
    }
  }
}
