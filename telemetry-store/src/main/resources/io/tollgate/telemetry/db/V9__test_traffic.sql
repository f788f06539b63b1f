-- Test traffic (spans carrying test.run.id, test.case.name, test.suite.name or a synthetic
-- user agent) is kept out of the production tables and stored here: per test run and test case x
-- series x operation x minute, and its failure signatures with the test run and case. Rows are
-- appended per committed batch (batch_offset), like the production minute tables; readers merge
-- them. The failure rows carry the signature's fields, because test-only signatures are not in
-- ingest_signature. Runs on PostgreSQL 15 and on H2 2.3 in PostgreSQL mode.

CREATE TABLE ingest_test_span_minute (
    topic           VARCHAR(249) NOT NULL,
    kafka_partition INTEGER      NOT NULL,
    batch_offset    BIGINT       NOT NULL,
    service         VARCHAR(512) NOT NULL,
    service_version VARCHAR(512) NOT NULL,
    environment     VARCHAR(512) NOT NULL,
    track           VARCHAR(512) NOT NULL,
    test_run_id     VARCHAR(512) NOT NULL,
    test_case       VARCHAR(512) NOT NULL,
    operation       VARCHAR(512) NOT NULL,
    minute_start    TIMESTAMP WITH TIME ZONE NOT NULL,
    requests        BIGINT       NOT NULL,
    errors          BIGINT       NOT NULL,
    latency_sketch  BYTEA        NOT NULL,
    PRIMARY KEY (topic, kafka_partition, batch_offset, service, service_version, environment,
                 track, test_run_id, test_case, operation, minute_start)
);
CREATE INDEX ingest_test_span_minute_by_service ON ingest_test_span_minute (service, minute_start);
CREATE INDEX ingest_test_span_minute_by_run ON ingest_test_span_minute (test_run_id);
CREATE INDEX ingest_test_span_minute_by_minute ON ingest_test_span_minute (minute_start);

CREATE TABLE ingest_test_signature_minute (
    topic              VARCHAR(249)  NOT NULL,
    kafka_partition    INTEGER       NOT NULL,
    batch_offset       BIGINT        NOT NULL,
    signature_id       VARCHAR(32)   NOT NULL,
    service            VARCHAR(512)  NOT NULL,
    span_kind          VARCHAR(32)   NOT NULL,
    operation          VARCHAR(512)  NOT NULL,
    error_class        VARCHAR(512)  NOT NULL,
    message_template   VARCHAR(512)  NOT NULL,
    normalizer_version INTEGER       NOT NULL,
    service_version    VARCHAR(512)  NOT NULL,
    environment        VARCHAR(512)  NOT NULL,
    track              VARCHAR(512)  NOT NULL,
    test_run_id        VARCHAR(512)  NOT NULL,
    test_case          VARCHAR(512)  NOT NULL,
    minute_start       TIMESTAMP WITH TIME ZONE NOT NULL,
    failures           BIGINT        NOT NULL,
    exemplars          VARCHAR(1024) NOT NULL,
    PRIMARY KEY (topic, kafka_partition, batch_offset, signature_id, service_version, environment, track,
                 test_run_id, test_case, minute_start)
);
CREATE INDEX ingest_test_signature_minute_by_service ON ingest_test_signature_minute (service, minute_start);
CREATE INDEX ingest_test_signature_minute_by_run ON ingest_test_signature_minute (test_run_id);
CREATE INDEX ingest_test_signature_minute_by_minute ON ingest_test_signature_minute (minute_start);
