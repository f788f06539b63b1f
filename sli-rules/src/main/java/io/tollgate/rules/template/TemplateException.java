package io.tollgate.rules.template;

/** A template could not be filled: a variable has no value, or a value is unsafe where it goes. */
public final class TemplateException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String variable;
  private final boolean missingValue;

  TemplateException(String variable, boolean missingValue, String message) {
    super(message);
    this.variable = variable;
    this.missingValue = missingValue;
  }

  /** True when the variable had no value; false when its value was unsafe where it stands. */
  public boolean missingValue() {
    return missingValue;
  }

  /** The variable (without {@code $}) that could not be filled. */
  public String variable() {
    return variable;
  }
}
