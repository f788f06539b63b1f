-- Failure signatures per feature-flag variant: failed spans that evaluated one of the configured
-- flags, counted per signature, flag key, variant and minute (the signature itself is in
-- ingest_signature). Appended per committed batch like the other minute tables. Runs on
-- PostgreSQL 15 and on H2 2.3 in PostgreSQL mode.
CREATE TABLE ingest_flag_signature_minute (
    topic           VARCHAR(249) NOT NULL,
    kafka_partition INTEGER      NOT NULL,
    batch_offset    BIGINT       NOT NULL,
    signature_id    VARCHAR(32)  NOT NULL,
    flag_key        VARCHAR(512) NOT NULL,
    variant         VARCHAR(512) NOT NULL,
    minute_start    TIMESTAMP WITH TIME ZONE NOT NULL,
    failures        BIGINT       NOT NULL,
    PRIMARY KEY (topic, kafka_partition, signature_id, flag_key, variant, minute_start, batch_offset)
);
CREATE INDEX ingest_flag_signature_minute_by_flag
    ON ingest_flag_signature_minute (flag_key, minute_start);
CREATE INDEX ingest_flag_signature_minute_by_minute ON ingest_flag_signature_minute (minute_start);
