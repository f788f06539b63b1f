package io.tollgate.gate.ingest;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.tollgate.ingest.otlp.FlagMapping;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * {@code tollgate.ingest.flags.*}: the feature flags whose variants ingest keeps as a series
 * dimension, read from OpenTelemetry {@code feature_flag.evaluation} span events.
 *
 * @param keys flag keys ({@code TOLLGATE_INGEST_FLAGS_KEYS=new-checkout,dark-mode}); none by
 *     default
 * @param maxVariants variants kept per flag; later ones are counted under {@code __overflow__}
 */
@ConfigurationProperties("tollgate.ingest.flags")
public record FlagProperties(
    @Nullable List<String> keys, @Bindable(defaultValue = "10") int maxVariants) {

  /**
   * The ingest mapping; a bad setting stops the start with what is wrong. Empty entries are
   * dropped: the chart sets {@code TOLLGATE_INGEST_FLAGS_KEYS=""} when no flag is listed.
   */
  public FlagMapping mapping() {
    List<String> k = keys == null ? List.of() : keys;
    try {
      return new FlagMapping(
          new LinkedHashSet<>(k.stream().map(String::strip).filter(s -> !s.isEmpty()).toList()),
          maxVariants);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("tollgate.ingest.flags: " + e.getMessage(), e);
    }
  }
}
