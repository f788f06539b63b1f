package io.tollgate.telemetry.store;

import java.util.Map;

/**
 * How busy one operation's minutes were over a window: how many minutes had each request count
 * (minutes without requests are not counted), with the requests and errors of the window. Built in
 * the database from per-minute sums over every series the query matches, so a week of minutes comes
 * back as a few hundred rows.
 *
 * @param minutesByRequests request count of a minute to the number of minutes with that count
 */
public record MinuteRates(
    String operation, Map<Long, Long> minutesByRequests, long requests, long errors) {
  public MinuteRates {
    minutesByRequests = Map.copyOf(minutesByRequests);
  }

  /** Minutes with at least one request. */
  public long busyMinutes() {
    return minutesByRequests.values().stream().mapToLong(Long::longValue).sum();
  }
}
