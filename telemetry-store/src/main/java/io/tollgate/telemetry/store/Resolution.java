package io.tollgate.telemetry.store;

/** The bucket sizes aggregates are kept at, and where each lives. */
enum Resolution {
  MINUTE(60, "ingest_span_minute", "ingest_metric_minute", "minute_start"),
  HOUR(3_600, "ingest_span_hour", "ingest_metric_hour", "hour_start"),
  DAY(86_400, "ingest_span_day", "ingest_metric_day", "day_start");

  final long seconds;
  final String spanTable;
  final String metricTable;
  final String timeColumn;

  Resolution(long seconds, String spanTable, String metricTable, String timeColumn) {
    this.seconds = seconds;
    this.spanTable = spanTable;
    this.metricTable = metricTable;
    this.timeColumn = timeColumn;
  }

  /** The {@code ingest_rollup_bucket.kind} of this resolution's span or metric rollup. */
  String kind(boolean spans) {
    return (spans ? "span_" : "metric_") + name().toLowerCase(java.util.Locale.ROOT);
  }
}
