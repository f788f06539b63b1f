-- The scenario catalog follows new failure counts by each partition's batch offset: "the rows of
-- topic t, partition p appended after batch b". This index answers that with a range scan instead
-- of a scan of the partition's whole key range.
CREATE INDEX ingest_signature_minute_by_batch
    ON ingest_signature_minute (topic, kafka_partition, batch_offset);
