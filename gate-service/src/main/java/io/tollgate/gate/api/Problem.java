package io.tollgate.gate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * An RFC 9457 problem detail, sent as {@code application/problem+json}. {@code type} is stable per
 * kind of problem (see {@link ProblemType}); {@code detail} says what is wrong and where, and never
 * carries an exception message or stack trace.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(
    String type,
    String title,
    int status,
    @Nullable String detail,
    @Nullable String instance,
    @Nullable List<Issue> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** One thing wrong with the input, located as precisely as it can be. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Issue(
      String message, @Nullable String pointer, @Nullable Integer line, @Nullable Integer column) {

    public static Issue at(String pointer, String message) {
      return new Issue(message, pointer, null, null);
    }
  }

  public static Problem of(ProblemType type, String detail, String instance) {
    return new Problem(type.uri(), type.title(), type.status(), detail, instance, null);
  }
}
