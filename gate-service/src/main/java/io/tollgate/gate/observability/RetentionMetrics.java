package io.tollgate.gate.observability;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;

/**
 * Metrics of the retention pass.
 *
 * @param deletedRows {@code tollgate_retention_deleted_rows_total{table}}: rows deleted
 * @param lastRun {@code tollgate_retention_last_run_timestamp_seconds}: when the last pass ended
 * @param lastDuration {@code tollgate_retention_last_run_duration_seconds}: how long it took
 * @param tableRows {@code tollgate_storage_table_rows{table}}: estimated rows per table
 * @param tableBytes {@code tollgate_storage_table_bytes{table}}: bytes per table with its indexes
 *     (PostgreSQL only)
 */
public record RetentionMetrics(
    Counter deletedRows, Gauge lastRun, Gauge lastDuration, Gauge tableRows, Gauge tableBytes) {}
