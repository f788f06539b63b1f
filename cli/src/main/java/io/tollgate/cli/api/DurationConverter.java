package io.tollgate.cli.api;

import io.tollgate.rules.model.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Durations as pipelines write them: {@code 90s}, {@code 20m}, {@code 1h}, or ISO-8601. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    return Durations.parse(value)
        .orElseGet(
            () -> {
              try {
                return Duration.parse(value.trim());
              } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration such as 90s, 20m, 1h or PT20M");
              }
            });
  }
}
