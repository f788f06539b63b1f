package io.tollgate.gate.testrun;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

@MappedEntity("test_run_threshold")
record ThresholdRow(
    @Id @GeneratedValue @Nullable Long id,
    long runId,
    String metric,
    String expression,
    boolean failed) {}
