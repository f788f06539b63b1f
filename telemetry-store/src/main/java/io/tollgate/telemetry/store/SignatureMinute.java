package io.tollgate.telemetry.store;

import java.time.Instant;

/** A signature's failures in one minute on one track, merged over partitions. */
public record SignatureMinute(String signatureId, Instant minute, String track, long failures) {}
