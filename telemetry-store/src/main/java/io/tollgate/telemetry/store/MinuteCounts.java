package io.tollgate.telemetry.store;

import java.time.Instant;

/** Requests and errors of the minute starting at {@code minute}, summed over everything matched. */
public record MinuteCounts(Instant minute, long requests, long errors) {}
