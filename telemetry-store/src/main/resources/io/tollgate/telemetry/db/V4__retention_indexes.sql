-- Time-leading indexes for retention: TelemetryRetention deletes rows older than a cutoff in
-- bounded batches, and each batch finds its rows through these instead of scanning the largest
-- tables. The read paths keep their own (service- or signature-leading) indexes.
CREATE INDEX ingest_span_minute_by_minute ON ingest_span_minute (minute_start);
CREATE INDEX ingest_metric_minute_by_minute ON ingest_metric_minute (minute_start);
CREATE INDEX ingest_signature_minute_by_time ON ingest_signature_minute (minute_start);
CREATE INDEX ingest_signature_by_last_seen ON ingest_signature (last_seen);
