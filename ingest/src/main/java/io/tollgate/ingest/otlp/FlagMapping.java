package io.tollgate.ingest.otlp;

import java.util.Objects;
import java.util.Set;

/**
 * Which feature flags ingest keeps per variant: only the listed flag keys, and at most {@code
 * maxVariants} variants of each (per process); later variants are counted under {@code
 * __overflow__}. Flags not listed are ignored, so an application evaluating thousands of flags
 * cannot multiply the series.
 *
 * <pre>{@code
 * AttributeMapping mapping = AttributeMapping.defaults()
 *     .withFlags(new FlagMapping(Set.of("new-checkout"), 10));
 * }</pre>
 *
 * @param keys the flag keys, as the application evaluates them ({@code feature_flag.key})
 * @param maxVariants distinct variants kept per flag key (1 to {@value #MAX_VARIANTS})
 */
public record FlagMapping(Set<String> keys, int maxVariants) {
  /** At most this many flag keys are kept. */
  public static final int MAX_KEYS = 100;

  /** At most this many variants per flag. */
  public static final int MAX_VARIANTS = 100;

  public FlagMapping {
    keys = Set.copyOf(keys);
    if (keys.size() > MAX_KEYS) {
      throw new IllegalArgumentException(
          "at most " + MAX_KEYS + " feature flag keys, not " + keys.size());
    }
    for (String k : keys) {
      Objects.requireNonNull(k, "flag key");
      if (k.isBlank() || k.length() > AttributeMapping.MAX_VALUE_LENGTH) {
        throw new IllegalArgumentException(
            "a feature flag key has 1 to "
                + AttributeMapping.MAX_VALUE_LENGTH
                + " characters: "
                + k);
      }
    }
    if (maxVariants < 1 || maxVariants > MAX_VARIANTS) {
      throw new IllegalArgumentException(
          "maxVariants must be within 1.." + MAX_VARIANTS + ": " + maxVariants);
    }
  }

  /** No flags kept (the default). */
  public static FlagMapping none() {
    return new FlagMapping(Set.of(), 10);
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }
}
