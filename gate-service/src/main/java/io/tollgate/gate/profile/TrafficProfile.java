package io.tollgate.gate.profile;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * How production uses a service over a window: per operation its share of the traffic, request rate
 * per minute, error ratio and latency, and the service's daily shape.
 *
 * @param minutes minutes the rates are taken over: from the first minute the service reported a
 *     request in the window to the window's end (a minute without requests of an operation counts
 *     as zero for it)
 * @param requests requests of every operation in the window
 * @param operations by share of traffic, largest first
 * @param dailyShape 24 entries, hour of day (UTC) 0 to 23: mean requests in that hour per day seen
 */
@Serdeable
public record TrafficProfile(
    String service,
    String environment,
    Instant from,
    Instant to,
    long minutes,
    long requests,
    List<OperationProfile> operations,
    List<HourOfDay> dailyShape) {

  public TrafficProfile {
    operations = List.copyOf(operations);
    dailyShape = List.copyOf(dailyShape);
  }

  /**
   * One operation's traffic.
   *
   * @param share requests of this operation over the service's requests, 0 to 1
   * @param errorRatio errors over requests
   * @param ratePerMinute requests per minute over the profile's minutes
   * @param latencyMs quantiles of the merged latency sketch (1 % relative accuracy); null when no
   *     latency was recorded
   */
  @Serdeable
  public record OperationProfile(
      String operation,
      long requests,
      long errors,
      double share,
      double errorRatio,
      Rate ratePerMinute,
      @Nullable Latency latencyMs) {}

  /** Requests per minute: the median minute, the 95th percentile minute and the busiest minute. */
  @Serdeable
  public record Rate(double median, double p95, double peak) {}

  /** Latency quantiles in milliseconds. */
  @Serdeable
  public record Latency(double p50, double p95, double p99) {}

  /** Mean requests per day in one UTC hour of day. */
  @Serdeable
  public record HourOfDay(int hour, double requests) {}
}
