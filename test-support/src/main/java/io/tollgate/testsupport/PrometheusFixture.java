package io.tollgate.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;

/**
 * A real Prometheus server over backfilled data. Debian's {@code prometheus} and {@code promtool}
 * on the PATH are preferred (the TSDB is backfilled with {@code promtool tsdb create-blocks-from
 * openmetrics} before the server starts, so data is queryable at once); where they are missing and
 * Docker runs, the {@code prom/prometheus} image does the same.
 *
 * <pre>{@code
 * try (PrometheusFixture prom = PrometheusFixture.start(new OpenMetrics().gauge(...).text())) {
 *   URI api = prom.baseUri().resolve("/api/v1/query_range?...");
 * }
 * }</pre>
 */
public final class PrometheusFixture implements AutoCloseable {
  public static final String COMPONENT = "prometheus";
  static final String IMAGE = "prom/prometheus:v2.53.4";
  private static final String CONFIG = "global:\n  scrape_interval: 1h\nscrape_configs: []\n";

  private final URI baseUri;
  private final Runnable onClose;

  private PrometheusFixture(URI baseUri, Runnable onClose) {
    this.baseUri = baseUri;
    this.onClose = onClose;
  }

  /** Starts Prometheus with the given OpenMetrics text backfilled into its TSDB. */
  public static PrometheusFixture start(String openMetrics) {
    Optional<Path> prometheus = onPath("prometheus");
    Optional<Path> promtool = onPath("promtool");
    if (prometheus.isPresent() && promtool.isPresent()) {
      return asProcess(prometheus.get(), promtool.get(), openMetrics);
    }
    if (Components.dockerAvailable()) {
      return inContainer(openMetrics);
    }
    throw Components.unavailable(
        COMPONENT,
        "neither prometheus+promtool on the PATH (apt-get install prometheus) nor Docker",
        null);
  }

  static PrometheusFixture asProcess(Path prometheus, Path promtool, String openMetrics) {
    Path dir;
    try {
      dir = Files.createTempDirectory("tollgate-prometheus");
      Path data = dir.resolve("data.om");
      Files.writeString(data, openMetrics, StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("prometheus.yml"), CONFIG, StandardCharsets.UTF_8);
      Path tsdb = Files.createDirectories(dir.resolve("tsdb"));
      run(
          dir,
          List.of(
              promtool.toString(),
              "tsdb",
              "create-blocks-from",
              "openmetrics",
              data.toString(),
              tsdb.toString()));
    } catch (IOException e) {
      throw Components.unavailable(COMPONENT, "could not backfill the TSDB: " + e.getMessage(), e);
    }
    int port = FreePort.loopback();
    Process process;
    try {
      process =
          new ProcessBuilder(
                  prometheus.toString(),
                  "--config.file=" + dir.resolve("prometheus.yml"),
                  "--storage.tsdb.path=" + dir.resolve("tsdb"),
                  "--storage.tsdb.retention.time=3650d",
                  "--web.listen-address=127.0.0.1:" + port)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("prometheus.log").toFile())
              .start();
    } catch (IOException e) {
      throw Components.unavailable(COMPONENT, "could not start " + prometheus, e);
    }
    Path logDir = dir;
    Runnable stop =
        () -> {
          process.destroy();
          try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
              process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          deleteRecursively(logDir);
        };
    URI base = URI.create("http://127.0.0.1:" + port + "/");
    try {
      awaitReady(base, process::isAlive);
    } catch (RuntimeException e) {
      String log = readQuietly(dir.resolve("prometheus.log"));
      stop.run();
      throw Components.unavailable(COMPONENT, "Prometheus did not become ready: " + log, e);
    }
    return new PrometheusFixture(base, stop);
  }

  /** Starts the {@code prom/prometheus} image; requires a Docker engine. */
  @SuppressWarnings("resource")
  public static PrometheusFixture inContainer(String openMetrics) {
    GenericContainer<?> container =
        new GenericContainer<>(IMAGE)
            .withCopyToContainer(Transferable.of(openMetrics), "/tmp/data.om")
            .withCopyToContainer(Transferable.of(CONFIG), "/tmp/prometheus.yml")
            .withCreateContainerCmdModifier(c -> c.withEntrypoint("/bin/sh"))
            .withCommand(
                "-c",
                "promtool tsdb create-blocks-from openmetrics /tmp/data.om /prometheus && exec"
                    + " prometheus --config.file=/tmp/prometheus.yml --storage.tsdb.path=/prometheus"
                    + " --storage.tsdb.retention.time=3650d --web.listen-address=0.0.0.0:9090")
            .withExposedPorts(9090);
    try {
      container.start();
      URI base =
          URI.create("http://" + container.getHost() + ":" + container.getMappedPort(9090) + "/");
      awaitReady(base, container::isRunning);
      return new PrometheusFixture(base, container::stop);
    } catch (RuntimeException e) {
      container.stop();
      throw Components.unavailable(COMPONENT, "Prometheus container did not start", e);
    }
  }

  /** The server's base URI, e.g. {@code http://127.0.0.1:41234/}. */
  public URI baseUri() {
    return baseUri;
  }

  @Override
  public void close() {
    onClose.run();
  }

  private static void awaitReady(URI base, java.util.function.BooleanSupplier alive) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!alive.getAsBoolean()) {
        throw new IllegalStateException("the server exited");
      }
      try {
        HttpResponse<Void> r =
            http.send(
                HttpRequest.newBuilder(base.resolve("-/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("not ready after 90 s");
  }

  private static void run(Path dir, List<String> command) throws IOException {
    Path log = dir.resolve("promtool.log");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("promtool timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    if (p.exitValue() != 0) {
      throw new IOException("promtool failed: " + readQuietly(log));
    }
  }

  static Optional<Path> onPath(String binary) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, binary);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static String readQuietly(Path file) {
    try {
      String s = Files.readString(file);
      return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException ignored) {
      // temp files; the OS cleans up what is left
    }
  }
}
