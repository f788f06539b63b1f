package io.tollgate.telemetry.store;

import java.util.Objects;

/**
 * Which feature-flag aggregates to read: the spans {@code spans} selects that were served with
 * {@code variant} of flag {@code flag}. Every filter is applied in SQL.
 *
 * <pre>{@code
 * FlagQuery q = FlagQuery.of(SpanQuery.of("checkout", from, to).withVersion("1.4.0"),
 *     "new-checkout", "on");
 * }</pre>
 *
 * @param spans service, optional version, environment, track and operation, and the window
 * @param flag the flag key as the application evaluated it
 * @param variant the variant (the {@code feature_flag.result.variant} the event carried)
 */
public record FlagQuery(SpanQuery spans, String flag, String variant) {
  public FlagQuery {
    Objects.requireNonNull(spans, "spans");
    Objects.requireNonNull(flag, "flag");
    Objects.requireNonNull(variant, "variant");
  }

  public static FlagQuery of(SpanQuery spans, String flag, String variant) {
    return new FlagQuery(spans, flag, variant);
  }

  Where where() {
    return new Where()
        .eq("service", spans.service())
        .eq("flag_key", flag)
        .range("minute_start", spans.from(), spans.to())
        .eq("variant", variant)
        .eq("service_version", spans.version())
        .eq("environment", spans.environment())
        .eq("track", spans.track())
        .eq("operation", spans.operation());
  }
}
