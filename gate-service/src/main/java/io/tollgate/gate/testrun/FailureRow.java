package io.tollgate.gate.testrun;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

@MappedEntity("test_run_failure")
record FailureRow(
    @Id @GeneratedValue @Nullable Long id,
    long runId,
    String source,
    String name,
    String errorClass,
    String message,
    long occurrences) {}
