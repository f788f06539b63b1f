package io.tollgate.gate.scenarios;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code tollgate.scenarios}: how far back the catalog looks ({@code window}, default 14 days) and
 * how recent a test must be to cover or touch a scenario ({@code coverage-window}, default 30
 * days); how often the stored catalog folds in new failure counts without a read ({@code
 * refresh-interval}, default 10 s) and is rebuilt so counts age with the window ({@code
 * rebuild-interval}, default 1 h).
 */
@ConfigurationProperties("tollgate.scenarios")
public interface ScenarioProperties {
  @Bindable(defaultValue = "14d")
  Duration getWindow();

  @Bindable(defaultValue = "30d")
  Duration getCoverageWindow();

  @Bindable(defaultValue = "10s")
  Duration getRefreshInterval();

  @Bindable(defaultValue = "1h")
  Duration getRebuildInterval();
}
