package io.tollgate.gate.redaction;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;

/**
 * {@code tollgate.redaction}: what the read-only views hide from the {@code qa} and {@code viewer}
 * roles. The built-in detectors always run; {@code patterns} adds RE2 expressions whose matches are
 * replaced by {@code <redacted>} (at most {@value Redactor#MAX_PATTERNS}, each at most {@value
 * Redactor#MAX_PATTERN_LENGTH} characters); {@code attribute-names} adds RE2 expressions for
 * attribute names whose values are hidden whole; {@code raw-roles} names the roles ({@code admin},
 * {@code sre}) that see raw values, none by default.
 */
@ConfigurationProperties("tollgate.redaction")
public interface RedactionProperties {
  @Bindable(defaultValue = "")
  List<String> getPatterns();

  @Bindable(defaultValue = "")
  List<String> getAttributeNames();

  @Bindable(defaultValue = "")
  List<String> getRawRoles();
}
