package io.tollgate.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker (KRaft, combined broker and controller) in a JVM of its own on fixed loopback
 * ports, so a spec can stop it, kill it and start it again on the same address with the same data.
 * Uses the broker classes already on the test class path.
 *
 * <pre>{@code
 * try (KafkaProcess kafka = KafkaProcess.start()) {
 *   kafka.createTopic("otlp_spans", 3);
 *   kafka.stop();     // or kill()
 *   kafka.restart();  // same port, same log directory
 * }
 * }</pre>
 */
public final class KafkaProcess implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final Path config;
  private JvmProcess broker;

  private KafkaProcess(Path dir, int port, Path config) {
    this.dir = dir;
    this.port = port;
    this.config = config;
  }

  /** Formats fresh storage and starts a broker on free loopback ports. */
  public static KafkaProcess start() {
    return start(Map.of());
  }

  public static KafkaProcess start(Map<String, String> brokerProperties) {
    try {
      Path dir = Files.createTempDirectory("tollgate-kafka-");
      int port = FreePort.loopback();
      int controllerPort = FreePort.loopback();
      Map<String, String> props = new HashMap<>();
      props.put("process.roles", "broker,controller");
      props.put("node.id", "1");
      props.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
      props.put(
          "listeners",
          "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
      props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
      props.put("controller.listener.names", "CONTROLLER");
      props.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
      props.put("inter.broker.listener.name", "PLAINTEXT");
      props.put("log.dirs", dir.resolve("data").toString());
      props.put("offsets.topic.replication.factor", "1");
      props.put("transaction.state.log.replication.factor", "1");
      props.put("transaction.state.log.min.isr", "1");
      props.put("group.initial.rebalance.delay.ms", "0");
      props.put("num.partitions", "1");
      props.putAll(brokerProperties);
      StringBuilder text = new StringBuilder();
      props.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
      Path config = dir.resolve("server.properties");
      Files.writeString(config, text);
      JvmProcess format =
          JvmProcess.start(
              "kafka.tools.StorageTool",
              List.of("-Xmx256m"),
              List.of(
                  "format",
                  "-t",
                  Uuid.randomUuid().toString(),
                  "-c",
                  config.toString(),
                  "--standalone"),
              dir.resolve("format.log"));
      format.waitFor(60);
      if (!Files.isDirectory(dir.resolve("data"))) {
        throw Components.unavailable(
            KafkaFixture.COMPONENT,
            "kafka storage format failed: " + Files.readString(dir.resolve("format.log")),
            null);
      }
      KafkaProcess kafka = new KafkaProcess(dir, port, config);
      kafka.restart();
      return kafka;
    } catch (IOException e) {
      throw Components.unavailable(KafkaFixture.COMPONENT, "cannot prepare a broker", e);
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** Starts the broker (again) on the same port and data, and waits until it answers. */
  public void restart() {
    if (broker != null && broker.isAlive()) {
      throw new IllegalStateException("broker is running");
    }
    broker =
        JvmProcess.start(
            "kafka.Kafka",
            List.of("-Xms128m", "-Xmx768m", "-XX:+UseG1GC"),
            List.of(config.toString()),
            dir.resolve("broker.log"));
    awaitReady();
  }

  /** Stops the broker cleanly ({@code kill -15}). */
  public void stop() {
    if (broker != null) {
      broker.terminate();
    }
  }

  /** Kills the broker outright ({@code kill -9}). */
  public void kill() {
    if (broker != null) {
      broker.kill();
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Exception last = null;
    while (System.nanoTime() < deadline) {
      if (!broker.isAlive()) {
        break;
      }
      try (Admin admin = admin()) {
        admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
        return;
      } catch (Exception e) {
        last = e;
      }
    }
    String log;
    try {
      log = Files.readString(dir.resolve("broker.log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw Components.unavailable(
        KafkaFixture.COMPONENT,
        "broker process did not become ready: " + log.substring(Math.max(0, log.length() - 2000)),
        last);
  }

  public Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            5000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            10000));
  }

  public void createTopic(String name, int partitions) {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("could not create topic " + name, e);
    }
  }

  public Map<String, Object> producerProperties() {
    return KafkaFixture.producerProperties(bootstrapServers());
  }

  public Map<String, Object> consumerProperties(String groupId) {
    return KafkaFixture.consumerProperties(bootstrapServers(), groupId);
  }

  @Override
  public void close() {
    if (broker != null) {
      broker.kill();
    }
    deleteQuietly(dir);
  }

  private static void deleteQuietly(Path root) {
    try (var walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }
}
