package io.tollgate.gate.testrun;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** One statistic of one load-test metric, e.g. {@code http_req_duration} {@code p(95)}. */
@MappedEntity("test_run_metric")
record MetricRow(
    @Id @GeneratedValue @Nullable Long id,
    long runId,
    String name,
    String type,
    String stat,
    double amount) {}
