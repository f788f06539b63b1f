package io.tollgate.gate.scenarios;

import com.google.re2j.Pattern;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/**
 * Links tests to the operation they exercise: tests of {@code kind} (any kind when null) of {@code
 * service} whose key contains a match of {@code pattern} exercise {@code operation}.
 */
public record MappingRule(
    long id,
    @Nullable TestKey.Kind kind,
    Pattern pattern,
    String service,
    String operation,
    String createdBy,
    Instant createdAt) {

  boolean matches(String testService, TestKey test) {
    return service.equals(testService)
        && (kind == null || kind == test.kind())
        && pattern.matcher(test.key()).find();
  }
}
