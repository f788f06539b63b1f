-- What the telemetry of a service in an environment says about the running system (service
-- version, runtime, SDK, OS, container image, dependencies called, feature-flag variants), with
-- when each fact was first and last seen. One row per fact and partition, written by the
-- partition's owner only (like ingest_signature), so replicas never contend; readers merge the
-- partitions. fact_id is a hash of (service, environment, fact, fact_value): the values may be
-- long, and a key of four wide columns could exceed PostgreSQL's index row size.
CREATE TABLE ingest_env_fact (
    topic           VARCHAR(249) NOT NULL,
    kafka_partition INTEGER      NOT NULL,
    fact_id         VARCHAR(32)  NOT NULL,
    service         VARCHAR(512) NOT NULL,
    environment     VARCHAR(512) NOT NULL,
    fact            VARCHAR(512) NOT NULL,
    fact_value      VARCHAR(512) NOT NULL,
    first_seen      TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (topic, kafka_partition, fact_id)
);
CREATE INDEX ingest_env_fact_by_environment ON ingest_env_fact (service, environment);
CREATE INDEX ingest_env_fact_by_last_seen ON ingest_env_fact (last_seen);
