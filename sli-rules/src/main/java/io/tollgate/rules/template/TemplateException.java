package io.tollgate.rules.template;

/** A template could not be filled: a variable has no value, or a value is unsafe where it goes. */
public final class TemplateException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String variable;

  TemplateException(String variable, String message) {
    super(message);
    this.variable = variable;
  }

  /** The variable (without {@code $}) that could not be filled. */
  public String variable() {
    return variable;
  }
}
