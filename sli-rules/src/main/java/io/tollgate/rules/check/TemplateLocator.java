package io.tollgate.rules.check;

import io.tollgate.rules.model.Sli;
import io.tollgate.rules.model.SourceLocation;

/**
 * Where a character of a templated source field was written, for a caret under an unknown variable.
 * The parser knows the YAML; a gate built in code or imported points at its SLI.
 */
@FunctionalInterface
public interface TemplateLocator {
  /** Points at the SLI itself. */
  TemplateLocator AT_SLI = (sli, field, offset) -> sli.at();

  /**
   * The position of character {@code offset} of the template in {@code field} (a key of {@link
   * io.tollgate.rules.model.SliSource#templates()}) of {@code sli}'s source.
   */
  SourceLocation locate(Sli sli, String field, int offset);
}
