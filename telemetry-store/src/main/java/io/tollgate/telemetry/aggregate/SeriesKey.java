package io.tollgate.telemetry.aggregate;

import java.util.Objects;

/**
 * Who emitted telemetry: the service, its version, the deployment environment and the track
 * (canary, baseline, ...). Missing values are empty strings so the key can be part of a primary
 * key.
 */
public record SeriesKey(String service, String version, String environment, String track) {
  /** The value every field but the service takes when the cardinality guard rejects a series. */
  public static final String OVERFLOW = "__overflow__";

  public SeriesKey {
    Objects.requireNonNull(service, "service");
    version = Objects.requireNonNullElse(version, "");
    environment = Objects.requireNonNullElse(environment, "");
    track = Objects.requireNonNullElse(track, "");
  }

  /** The series that absorbs what the cardinality guard turns away for one service. */
  public static SeriesKey overflow(String service) {
    return new SeriesKey(service, OVERFLOW, OVERFLOW, OVERFLOW);
  }
}
