package io.tollgate.gate.scenarios;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code tollgate.scenarios}: how far back the catalog looks ({@code window}, default 14 days) and
 * how recent a test must be to cover or touch a scenario ({@code coverage-window}, default 30
 * days).
 */
@ConfigurationProperties("tollgate.scenarios")
public interface ScenarioProperties {
  @Bindable(defaultValue = "14d")
  Duration getWindow();

  @Bindable(defaultValue = "30d")
  Duration getCoverageWindow();
}
