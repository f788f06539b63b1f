package io.tollgate.gate.scenarios;

import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import io.tollgate.gate.testrun.TestRunChanged;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the stored scenario catalog current between reads: folds in new failure counts every {@code
 * tollgate.scenarios.refresh-interval} (default 10 s) and rebuilds it every {@code
 * tollgate.scenarios.rebuild-interval} (default 1 h), so counts and coverage age with the window;
 * updates a service's scenarios when one of its test runs changes.
 */
@Singleton
class CatalogRefreshJob {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogRefreshJob.class);

  private final ScenarioCatalog catalog;

  CatalogRefreshJob(ScenarioCatalog catalog) {
    this.catalog = catalog;
  }

  @EventListener
  void testRunChanged(TestRunChanged event) {
    catalog.testsChanged(event.service());
  }

  @Scheduled(
      fixedDelay = "${tollgate.scenarios.refresh-interval:10s}",
      initialDelay = "${tollgate.scenarios.refresh-interval:10s}")
  void catchUp() {
    catalog.catchUp();
  }

  @Scheduled(
      fixedDelay = "${tollgate.scenarios.rebuild-interval:1h}",
      initialDelay = "${tollgate.scenarios.rebuild-interval:1h}")
  void rebuild() {
    try {
      catalog.rebuild();
    } catch (RuntimeException e) {
      LOG.warn("scenario catalog rebuild failed; the next one retries", e);
    }
  }
}
