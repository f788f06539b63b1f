package io.tollgate.rules.check;

/** How bad an issue is: an ERROR makes the gate unusable, a WARNING is worth fixing. */
public enum Severity {
  ERROR,
  WARNING
}
