package io.tollgate.telemetry.store;

import java.util.Map;
import java.util.Set;

/**
 * The services with test traffic rows committed after a reader's watermarks, and the watermarks to
 * pass next time: per {@code topic/partition} ({@link SignatureChanges#key}), the last batch offset
 * read.
 *
 * @param services the services with new test traffic (possibly more than asked when truncated)
 * @param watermarks the last batch offset read per partition, for the next call
 * @param complete false when the change set was cut at the caller's limit: read everything instead
 */
public record TestTrafficChanges(
    Set<String> services, Map<String, Long> watermarks, boolean complete) {}
