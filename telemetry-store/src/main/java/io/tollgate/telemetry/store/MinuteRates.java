package io.tollgate.telemetry.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How busy one operation's minutes were over a window: how many minutes had each request count
 * (minutes without requests are not counted), its requests per UTC hour of day, and the window's
 * requests and errors. Summed per minute over every series and partition the query matches.
 *
 * @param minutesByRequests request count of a minute to the number of minutes with that count
 * @param requestsByHourOfDay 24 sums of requests, UTC hour of day 0 to 23
 * @param firstMinute the first minute with a request of this operation
 */
public record MinuteRates(
    String operation,
    Map<Long, Long> minutesByRequests,
    List<Long> requestsByHourOfDay,
    Instant firstMinute,
    long requests,
    long errors) {
  public MinuteRates {
    minutesByRequests = Map.copyOf(minutesByRequests);
    requestsByHourOfDay = List.copyOf(requestsByHourOfDay);
    if (requestsByHourOfDay.size() != 24) {
      throw new IllegalArgumentException("24 hours of day, got " + requestsByHourOfDay.size());
    }
  }

  /** Minutes with at least one request. */
  public long busyMinutes() {
    return minutesByRequests.values().stream().mapToLong(Long::longValue).sum();
  }
}
