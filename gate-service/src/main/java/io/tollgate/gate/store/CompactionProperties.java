package io.tollgate.gate.store;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code tollgate.storage.compaction}: the rollup compaction rounds ({@code enabled}, default true;
 * every {@code interval}, default 5 minutes; buckets first built {@code settle} after they end,
 * default 5 minutes; late data looked for over {@code lookback}, default 2 days; a round's lease
 * held for {@code lease}, default 5 minutes). See docs/operations.md, "Rollups and compaction".
 */
@ConfigurationProperties("tollgate.storage.compaction")
public interface CompactionProperties {
  @Bindable(defaultValue = "true")
  boolean isEnabled();

  @Bindable(defaultValue = "5m")
  Duration getInterval();

  @Bindable(defaultValue = "5m")
  Duration getSettle();

  @Bindable(defaultValue = "2d")
  Duration getLookback();

  @Bindable(defaultValue = "5m")
  Duration getLease();
}
