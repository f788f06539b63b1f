package io.tollgate.gate.demo;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import io.tollgate.gate.Application;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code java -jar tollgate.jar demo}: the service on its embedded defaults plus an in-process
 * Kafka broker; synthetic OTLP traffic for a baseline and two canaries goes through Kafka into the
 * real ingest path, both canaries are evaluated, and the decisions are printed. The service keeps
 * running afterwards so its API and UI can be explored.
 */
public final class Demo {
  static final String DATABASE = "./data/demo";

  private Demo() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    out.println("Tollgate demo: starting an in-process Kafka broker");
    EmbeddedKafka kafka = EmbeddedKafka.start();
    kafka.createTopics(List.of("otlp_spans"), 3);
    kafka.createTopics(List.of("otlp_metrics", "otlp_dead_letter"), 1);
    freshDatabase();
    Map<String, Object> props = new LinkedHashMap<>();
    props.put(
        "datasources.default.url",
        "jdbc:h2:file:"
            + DATABASE
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
            + "DEFAULT_NULL_ORDERING=HIGH");
    props.put("tollgate.ingest.enabled", true);
    props.put("tollgate.ingest.bootstrap-servers", kafka.bootstrapServers());
    props.put("tollgate.ingest.batch-interval", "500ms");
    props.put("tollgate.evaluations.poll-interval", "500ms");
    ApplicationContext context =
        Micronaut.build(args).mainClass(Application.class).banner(false).properties(props).start();
    Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "tollgate-demo-kafka"));
    EmbeddedServer server = context.getBean(EmbeddedServer.class);
    out.println(
        "Tollgate demo: service up at "
            + server.getURL()
            + ", Kafka at "
            + kafka.bootstrapServers());
    new DemoScenario(context, kafka.bootstrapServers(), out).run();
    out.println();
    out.println("The service keeps running: " + server.getURL());
    out.println("  web UI: " + server.getURL() + "/ui/login  (sign in with the admin token)");
    out.println(
        "  decisions: "
            + server.getURL()
            + "/api/v1/evaluations  (Swagger UI: "
            + server.getURL()
            + "/swagger-ui/index.html)");
    out.println("  admin token: ./data/admin.token (or TOLLGATE_ADMIN_TOKEN); stop with Ctrl+C");
  }

  /** Each demo starts from an empty database, so its output is the same every time. */
  private static void freshDatabase() throws IOException {
    Path data = Path.of(DATABASE).toAbsolutePath().getParent();
    if (!Files.isDirectory(data)) {
      return;
    }
    try (Stream<Path> files = Files.list(data)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("demo.")).toList()) {
        Files.delete(f);
      }
    }
  }
}
