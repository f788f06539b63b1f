package io.tollgate.telemetry.store;

import java.time.Instant;

/** {@link OperationStats} of the minute starting at {@code minute}, merged over partitions. */
public record OperationMinute(Instant minute, OperationStats stats) {}
