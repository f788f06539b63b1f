package io.tollgate.gate.deploy;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code tollgate.deploy.*}: bounds on what release changes start.
 *
 * @param maxWatchesPerGate running post-deploy (and post-change) evaluations per gate; a change
 *     past it is recorded with the gate skipped (the per-token and per-gate evaluation quotas apply
 *     as well)
 * @param maxGatesPerChange gates one change may start
 * @param maxBindingsPerGate bindings (YAML and API) per gate
 * @param schedulePoll how often due schedules are looked for
 */
@ConfigurationProperties("tollgate.deploy")
public record DeployProperties(
    @Bindable(defaultValue = "20") int maxWatchesPerGate,
    @Bindable(defaultValue = "50") int maxGatesPerChange,
    @Bindable(defaultValue = "200") int maxBindingsPerGate,
    @Bindable(defaultValue = "30s") java.time.Duration schedulePoll) {

  public DeployProperties {
    if (maxWatchesPerGate < 1 || maxGatesPerChange < 1 || maxBindingsPerGate < 1) {
      throw new IllegalArgumentException("tollgate.deploy.max-* must be at least 1");
    }
  }
}
