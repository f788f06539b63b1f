-- Feature-flag variants as a series dimension: the request spans that evaluated one of the
-- configured flags, per series, flag key, variant, operation and minute. A span is counted here in
-- addition to ingest_span_minute (whose key does not change). Rows are appended per committed
-- batch (batch_offset), like the other minute tables, and readers merge them. Runs on PostgreSQL 15
-- and on H2 2.3 in PostgreSQL mode.
CREATE TABLE ingest_flag_minute (
    topic           VARCHAR(249) NOT NULL,
    kafka_partition INTEGER      NOT NULL,
    batch_offset    BIGINT       NOT NULL,
    service         VARCHAR(512) NOT NULL,
    service_version VARCHAR(512) NOT NULL,
    environment     VARCHAR(512) NOT NULL,
    track           VARCHAR(512) NOT NULL,
    flag_key        VARCHAR(512) NOT NULL,
    variant         VARCHAR(512) NOT NULL,
    operation       VARCHAR(512) NOT NULL,
    minute_start    TIMESTAMP WITH TIME ZONE NOT NULL,
    requests        BIGINT       NOT NULL,
    errors          BIGINT       NOT NULL,
    latency_sketch  BYTEA        NOT NULL,
    PRIMARY KEY (topic, kafka_partition, service, service_version, environment, track, flag_key,
                 variant, operation, minute_start, batch_offset)
);
-- The read path: one service's flag, a window of minutes.
CREATE INDEX ingest_flag_minute_by_flag ON ingest_flag_minute (service, flag_key, minute_start);
-- Retention deletes by time.
CREATE INDEX ingest_flag_minute_by_minute ON ingest_flag_minute (minute_start);
