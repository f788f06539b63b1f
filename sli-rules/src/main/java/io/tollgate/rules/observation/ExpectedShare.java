package io.tollgate.rules.observation;

import java.time.Instant;
import java.util.Objects;

/**
 * The canary's share of the traffic that the rollout asked for from {@code from} on (Argo {@code
 * setWeight}, Flagger {@code stepWeight}, or a configured split), for the sample-ratio check.
 *
 * @param from when this share took effect
 * @param canaryShare the canary's expected share of canary + baseline requests, in (0, 1)
 */
public record ExpectedShare(Instant from, double canaryShare) {
  public ExpectedShare {
    Objects.requireNonNull(from, "from");
    if (!(canaryShare > 0 && canaryShare < 1)) {
      throw new IllegalArgumentException("canaryShare must be in (0, 1), got " + canaryShare);
    }
  }
}
