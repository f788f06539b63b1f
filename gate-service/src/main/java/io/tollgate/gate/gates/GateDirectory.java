package io.tollgate.gate.gates;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tollgate.gate.api.ProblemException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitOps: loads gates from {@code tollgate.gates.directory} (a mounted ConfigMap, a checkout) at
 * start-up and whenever a file's content changes. Gates from files are read-only through the API. A
 * file with errors is logged with its positioned issues and counted; the gate keeps its last good
 * version.
 */
@Singleton
@Requires(property = "tollgate.gates.directory")
class GateDirectory {
  private static final Logger LOG = LoggerFactory.getLogger(GateDirectory.class);
  static final String AUTHOR = "gitops";

  private final Path directory;
  private final GateService gates;
  private final Counter errors;

  GateDirectory(
      @Value("${tollgate.gates.directory}") String directory,
      GateService gates,
      PrometheusRegistry registry) {
    this.directory = Path.of(directory);
    this.gates = gates;
    this.errors =
        Counter.builder()
            .name("tollgate_gate_file_errors_total")
            .help("Gate files in the GitOps directory that could not be loaded")
            .register(registry);
  }

  @EventListener
  void onStartup(StartupEvent event) {
    load();
  }

  @Scheduled(fixedDelay = "${tollgate.gates.poll-interval:10s}", initialDelay = "10s")
  void poll() {
    load();
  }

  /** Loads every {@code *.yaml}/{@code *.yml} file; returns how many new versions it stored. */
  synchronized int load() {
    if (!Files.isDirectory(directory)) {
      LOG.warn("gate directory {} does not exist", directory);
      return 0;
    }
    int stored = 0;
    for (Path file : files()) {
      try {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        GateService.Saved saved =
            gates.save(text, AUTHOR, null, file.toString(), "loaded from " + file.getFileName());
        if (saved.created()) {
          stored++;
          LOG.info(
              "gate '{}' version {} loaded from {}",
              saved.gate().name(),
              saved.version().version(),
              file);
        }
      } catch (ProblemException e) {
        errors.inc();
        LOG.error("gate file {} was not loaded: {}\n{}", file, e.type().title(), e.detail());
      } catch (IOException | RuntimeException e) {
        errors.inc();
        LOG.error("gate file {} could not be read", file, e);
      }
    }
    return stored;
  }

  private List<Path> files() {
    try (Stream<Path> s = Files.list(directory)) {
      return s.filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException e) {
      LOG.error("cannot list gate directory {}", directory, e);
      return List.of();
    }
  }
}
