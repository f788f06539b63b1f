package io.tollgate.gate.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node KRaft Kafka broker inside this JVM, on loopback, for the demo only: storage is
 * formatted fresh in a temporary directory and deleted on {@link #close()}.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private final Path dir;
  private final KafkaRaftServer server;
  private final int port;

  private EmbeddedKafka(Path dir, KafkaRaftServer server, int port) {
    this.dir = dir;
    this.server = server;
    this.port = port;
  }

  public static EmbeddedKafka start() throws IOException {
    Path dir = Files.createTempDirectory("tollgate-demo-kafka");
    int port = freePort();
    int controller = freePort();
    Properties props = new Properties();
    props.put("process.roles", "broker,controller");
    props.put("node.id", "1");
    props.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controller);
    props.put(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    props.put("controller.listener.names", "CONTROLLER");
    props.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("log.dirs", dir.resolve("data").toString());
    props.put("offsets.topic.replication.factor", "1");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("num.partitions", "3");
    Path config = dir.resolve("server.properties");
    try (var out = Files.newBufferedWriter(config)) {
      props.store(out, "Tollgate demo broker");
    }
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int formatted =
        StorageTool.execute(
            new String[] {
              "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--standalone"
            },
            new PrintStream(log, true, StandardCharsets.UTF_8));
    if (formatted != 0) {
      throw new IOException(
          "formatting Kafka storage failed: " + log.toString(StandardCharsets.UTF_8));
    }
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
    server.startup();
    return new EmbeddedKafka(dir, server, port);
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** Creates topics (waiting for them) so producers and the consumer see them at once. */
  public void createTopics(List<String> names, int partitions) throws Exception {
    try (Admin admin =
        Admin.create(
            java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      admin
          .createTopics(names.stream().map(n -> new NewTopic(n, partitions, (short) 1)).toList())
          .all()
          .get(60, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory; the OS cleans up what is left
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
