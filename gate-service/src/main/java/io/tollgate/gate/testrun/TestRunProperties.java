package io.tollgate.gate.testrun;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code tollgate.test-runs.*}.
 *
 * @param maxUploadBytes the largest test-run file accepted (larger is answered with 413)
 * @param maxCases the most test cases one file may hold
 */
@ConfigurationProperties("tollgate.test-runs")
public record TestRunProperties(
    @Bindable(defaultValue = "10485760") long maxUploadBytes,
    @Bindable(defaultValue = "200000") int maxCases) {}
