package io.tollgate.gate.testrun;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

@MappedEntity("test_case_result")
record TestCaseRow(
    @Id @GeneratedValue @Nullable Long id,
    long runId,
    String suite,
    String className,
    String name,
    String status,
    double timeSeconds,
    String failureType,
    String failureMessage,
    String failureText,
    int reruns,
    long passes,
    long fails) {}
