package io.tollgate.gate.evaluation;

import io.tollgate.rules.template.Template;
import io.tollgate.rules.template.TemplateException;
import java.util.Map;

/**
 * Fills the rule language's templates with the sli-rules engine ({@link Template}) and turns its
 * errors into source errors. The checker already refused every variable the language does not
 * define, so what fails here is a defined variable this request gave no value (a side without a
 * {@code version} label), or a value that would change a query.
 */
final class Templates {
  private Templates() {}

  /** Fills a plain-text template (a service, an operation, an attribute value). */
  static String fill(String template, Map<String, String> vars) throws SourceException {
    try {
      return Template.parse(template).fill(vars);
    } catch (TemplateException e) {
      throw failed(e);
    }
  }

  /** Fills a PromQL template, escaping every value so none can change the query. */
  static String fillPromQl(String template, Map<String, String> vars) throws SourceException {
    try {
      return Template.parse(template).fillPromQl(vars);
    } catch (TemplateException e) {
      throw failed(e);
    }
  }

  /** For evidence only: fills what it can and leaves variables without a value as written. */
  static String describe(String template, Map<String, String> vars) {
    return Template.parse(template).describe(vars);
  }

  private static SourceException failed(TemplateException e) {
    return new SourceException(
        e.missingValue()
            ? "no value for template variable '"
                + e.variable()
                + "': give it in the request's side labels or variables"
            : "cannot fill the query template: " + e.getMessage());
  }
}
