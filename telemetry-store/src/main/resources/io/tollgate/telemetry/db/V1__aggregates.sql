-- ingest's tables. Every aggregate row carries the Kafka topic and partition it was read from:
-- only the replica that owns a partition writes its rows, so replicas never contend, and readers
-- merge the rows of all partitions. Runs on PostgreSQL 15 and on H2 2.3 in PostgreSQL mode.

CREATE TABLE ingest_offset (
    topic           VARCHAR(249) NOT NULL,
    kafka_partition INTEGER      NOT NULL,
    next_offset     BIGINT       NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (topic, kafka_partition)
);

CREATE TABLE ingest_span_minute (
    topic           VARCHAR(249) NOT NULL,
    kafka_partition INTEGER      NOT NULL,
    service         VARCHAR(512) NOT NULL,
    service_version VARCHAR(512) NOT NULL,
    environment     VARCHAR(512) NOT NULL,
    track           VARCHAR(512) NOT NULL,
    operation       VARCHAR(512) NOT NULL,
    minute_start    TIMESTAMP WITH TIME ZONE NOT NULL,
    requests        BIGINT       NOT NULL,
    errors          BIGINT       NOT NULL,
    latency_sketch  BYTEA        NOT NULL,
    PRIMARY KEY (topic, kafka_partition, service, service_version, environment, track,
                 operation, minute_start)
);
CREATE INDEX ingest_span_minute_by_service ON ingest_span_minute (service, minute_start);

CREATE TABLE ingest_signature (
    topic              VARCHAR(249) NOT NULL,
    kafka_partition    INTEGER      NOT NULL,
    signature_id       VARCHAR(32)  NOT NULL,
    service            VARCHAR(512) NOT NULL,
    span_kind          VARCHAR(32)  NOT NULL,
    operation          VARCHAR(512) NOT NULL,
    error_class        VARCHAR(512) NOT NULL,
    message_template   VARCHAR(512) NOT NULL,
    normalizer_version INTEGER      NOT NULL,
    first_seen         TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen          TIMESTAMP WITH TIME ZONE NOT NULL,
    exemplars          VARCHAR(1024) NOT NULL,
    PRIMARY KEY (topic, kafka_partition, signature_id)
);
CREATE INDEX ingest_signature_by_service ON ingest_signature (service, last_seen);

CREATE TABLE ingest_signature_minute (
    topic           VARCHAR(249) NOT NULL,
    kafka_partition INTEGER      NOT NULL,
    signature_id    VARCHAR(32)  NOT NULL,
    track           VARCHAR(512) NOT NULL,
    minute_start    TIMESTAMP WITH TIME ZONE NOT NULL,
    failures        BIGINT       NOT NULL,
    PRIMARY KEY (topic, kafka_partition, signature_id, track, minute_start)
);
CREATE INDEX ingest_signature_minute_by_minute ON ingest_signature_minute (signature_id, minute_start);

CREATE TABLE ingest_metric_minute (
    topic            VARCHAR(249)  NOT NULL,
    kafka_partition  INTEGER       NOT NULL,
    metric_name      VARCHAR(512)  NOT NULL,
    service          VARCHAR(512)  NOT NULL,
    service_version  VARCHAR(512)  NOT NULL,
    environment      VARCHAR(512)  NOT NULL,
    track            VARCHAR(512)  NOT NULL,
    attributes_hash  VARCHAR(32)   NOT NULL,
    attributes       VARCHAR(8192) NOT NULL,
    minute_start     TIMESTAMP WITH TIME ZONE NOT NULL,
    metric_kind      VARCHAR(32)   NOT NULL,
    cumulative       BOOLEAN       NOT NULL,
    samples          BIGINT        NOT NULL,
    sum_total        DOUBLE PRECISION NOT NULL,
    min_sample       DOUBLE PRECISION,
    max_sample       DOUBLE PRECISION,
    last_sample      DOUBLE PRECISION,
    last_time_nanos  BIGINT        NOT NULL,
    sketch           BYTEA,
    PRIMARY KEY (topic, kafka_partition, metric_name, service, service_version, environment,
                 track, attributes_hash, minute_start)
);
CREATE INDEX ingest_metric_minute_by_name ON ingest_metric_minute (metric_name, service, minute_start);
