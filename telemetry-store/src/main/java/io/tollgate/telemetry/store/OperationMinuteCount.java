package io.tollgate.telemetry.store;

import java.time.Instant;

/**
 * Requests and errors of one operation in the minute starting at {@code minute}, summed in the
 * database over every series (versions, environments, tracks) and partition the query matches.
 */
public record OperationMinuteCount(Instant minute, String operation, long requests, long errors) {}
