package io.tollgate.gate.testrun;

/**
 * Published after a test run of {@code service} was stored, got another file, or was excluded from
 * or returned to history: views built from test runs (the scenario catalog) update the service.
 */
public record TestRunChanged(String service) {}
