-- Rollups: hour and day aggregates built from settled minutes by the Compactor, so a long window
-- reads tens of rows per series instead of tens of thousands. Rollup rows carry no topic, partition
-- or batch offset: one row per key and bucket, merged over all of them. A reader uses a rollup bucket
-- only once ingest_rollup_bucket says it is built. Runs on PostgreSQL 15 and on H2 2.3 in
-- PostgreSQL mode.

CREATE TABLE ingest_span_hour (
    service         VARCHAR(512) NOT NULL,
    service_version VARCHAR(512) NOT NULL,
    environment     VARCHAR(512) NOT NULL,
    track           VARCHAR(512) NOT NULL,
    operation       VARCHAR(512) NOT NULL,
    hour_start      TIMESTAMP WITH TIME ZONE NOT NULL,
    requests        BIGINT       NOT NULL,
    errors          BIGINT       NOT NULL,
    latency_sketch  BYTEA        NOT NULL,
    PRIMARY KEY (service, service_version, environment, track, operation, hour_start)
);
CREATE INDEX ingest_span_hour_by_service ON ingest_span_hour (service, hour_start);
CREATE INDEX ingest_span_hour_by_hour ON ingest_span_hour (hour_start);

CREATE TABLE ingest_span_day (
    service         VARCHAR(512) NOT NULL,
    service_version VARCHAR(512) NOT NULL,
    environment     VARCHAR(512) NOT NULL,
    track           VARCHAR(512) NOT NULL,
    operation       VARCHAR(512) NOT NULL,
    day_start       TIMESTAMP WITH TIME ZONE NOT NULL,
    requests        BIGINT       NOT NULL,
    errors          BIGINT       NOT NULL,
    latency_sketch  BYTEA        NOT NULL,
    PRIMARY KEY (service, service_version, environment, track, operation, day_start)
);
CREATE INDEX ingest_span_day_by_service ON ingest_span_day (service, day_start);
CREATE INDEX ingest_span_day_by_day ON ingest_span_day (day_start);

CREATE TABLE ingest_metric_hour (
    metric_name      VARCHAR(512)  NOT NULL,
    service          VARCHAR(512)  NOT NULL,
    service_version  VARCHAR(512)  NOT NULL,
    environment      VARCHAR(512)  NOT NULL,
    track            VARCHAR(512)  NOT NULL,
    attributes_hash  VARCHAR(32)   NOT NULL,
    attributes       VARCHAR(8192) NOT NULL,
    hour_start       TIMESTAMP WITH TIME ZONE NOT NULL,
    metric_kind      VARCHAR(32)   NOT NULL,
    cumulative       BOOLEAN       NOT NULL,
    samples          BIGINT        NOT NULL,
    sum_total        DOUBLE PRECISION NOT NULL,
    min_sample       DOUBLE PRECISION,
    max_sample       DOUBLE PRECISION,
    last_sample      DOUBLE PRECISION,
    last_time_nanos  BIGINT        NOT NULL,
    sketch           BYTEA,
    PRIMARY KEY (metric_name, service, service_version, environment, track, attributes_hash,
                 hour_start)
);
CREATE INDEX ingest_metric_hour_by_name ON ingest_metric_hour (metric_name, service, hour_start);
CREATE INDEX ingest_metric_hour_by_hour ON ingest_metric_hour (hour_start);

CREATE TABLE ingest_metric_day (
    metric_name      VARCHAR(512)  NOT NULL,
    service          VARCHAR(512)  NOT NULL,
    service_version  VARCHAR(512)  NOT NULL,
    environment      VARCHAR(512)  NOT NULL,
    track            VARCHAR(512)  NOT NULL,
    attributes_hash  VARCHAR(32)   NOT NULL,
    attributes       VARCHAR(8192) NOT NULL,
    day_start        TIMESTAMP WITH TIME ZONE NOT NULL,
    metric_kind      VARCHAR(32)   NOT NULL,
    cumulative       BOOLEAN       NOT NULL,
    samples          BIGINT        NOT NULL,
    sum_total        DOUBLE PRECISION NOT NULL,
    min_sample       DOUBLE PRECISION,
    max_sample       DOUBLE PRECISION,
    last_sample      DOUBLE PRECISION,
    last_time_nanos  BIGINT        NOT NULL,
    sketch           BYTEA,
    PRIMARY KEY (metric_name, service, service_version, environment, track, attributes_hash,
                 day_start)
);
CREATE INDEX ingest_metric_day_by_name ON ingest_metric_day (metric_name, service, day_start);
CREATE INDEX ingest_metric_day_by_day ON ingest_metric_day (day_start);

-- One row per built bucket and kind (span_hour, span_day, metric_hour, metric_day): what the rollup
-- was built from (row count and a checksum of its source rows), so the compactor sees late data as
-- a changed fingerprint and rebuilds the bucket.
CREATE TABLE ingest_rollup_bucket (
    kind          VARCHAR(32)    NOT NULL,
    bucket_start  TIMESTAMP WITH TIME ZONE NOT NULL,
    source_rows   BIGINT         NOT NULL,
    source_check  NUMERIC(38, 0) NOT NULL,
    built_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (kind, bucket_start)
);

-- Maintenance jobs that one replica runs at a time. The token grows with every new holder: a
-- holder whose lease expired finds the token moved and its writes are rolled back (fencing).
CREATE TABLE ingest_maintenance_lease (
    name        VARCHAR(64)  NOT NULL PRIMARY KEY,
    holder      VARCHAR(256) NOT NULL,
    token       BIGINT       NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

