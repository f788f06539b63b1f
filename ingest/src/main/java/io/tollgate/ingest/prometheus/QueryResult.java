package io.tollgate.ingest.prometheus;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a query returned: finite data, or an explicit statement that there is none. Samples that are
 * {@code NaN} or infinite are never passed on as numbers.
 */
public sealed interface QueryResult permits QueryResult.Data, QueryResult.NoData {

  /** One labelled series and its finite samples, in time order. */
  record Series(Map<String, String> labels, List<Sample> samples) {
    public Series {
      labels = Map.copyOf(labels);
      samples = List.copyOf(samples);
    }
  }

  record Sample(Instant time, double value) {}

  /**
   * @param nonFiniteDropped how many NaN or infinite samples were left out
   */
  record Data(List<Series> series, int nonFiniteDropped) implements QueryResult {
    public Data {
      series = List.copyOf(series);
    }
  }

  /** Why there is nothing to judge. */
  enum Reason {
    /** No series matched. */
    EMPTY,
    /** Every sample was NaN (e.g. 0/0 in a ratio over an idle window). */
    NOT_A_NUMBER,
    /** Every sample was NaN or infinite, at least one infinite (e.g. x/0). */
    INFINITE
  }

  record NoData(Reason reason, String query) implements QueryResult {}
}
