package io.tollgate.gate.scenarios;

/**
 * How well tests guard against a production or canary scenario: a recent test asserted the same
 * failure mode ({@code COVERED}), a recent test only exercised the operation ({@code TOUCHED}), or
 * neither ({@code UNCOVERED}). Test scenarios are their own evidence ({@code TEST}).
 */
public enum Coverage {
  COVERED,
  TOUCHED,
  UNCOVERED,
  TEST
}
