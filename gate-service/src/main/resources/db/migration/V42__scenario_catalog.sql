-- The scenario catalog as a read model: one row per scenario (a failure signature in production or
-- a canary, or a test failure mode), kept up to date as failure counts arrive and test runs are
-- uploaded, so a filtered page is one indexed query. The row's columns are what lists filter and
-- sort on; body holds the scenario as the API returns it (without its triage, which is joined).
CREATE TABLE scenario_entry (
    id            VARCHAR(64)              NOT NULL PRIMARY KEY,
    environment   VARCHAR(16)              NOT NULL,
    env_rank      INTEGER                  NOT NULL,
    signature_id  VARCHAR(64)              NOT NULL,
    service       VARCHAR(512)             NOT NULL,
    coverage      VARCHAR(16)              NOT NULL,
    new_in_canary BOOLEAN                  NOT NULL,
    rule_triage   VARCHAR(32),
    first_seen    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen     TIMESTAMP WITH TIME ZONE NOT NULL,
    body          TEXT                     NOT NULL
);
CREATE INDEX scenario_entry_page ON scenario_entry (env_rank, last_seen DESC, id);
CREATE INDEX scenario_entry_by_service ON scenario_entry (service, env_rank, last_seen DESC, id);
CREATE INDEX scenario_entry_by_signature ON scenario_entry (signature_id);

-- How far the catalog has read ingest's failure counts: per topic/partition the last batch offset
-- folded in, and 'built' once the first full build is done.
CREATE TABLE scenario_catalog_mark (
    mark_key     VARCHAR(300)             NOT NULL PRIMARY KEY,
    batch_offset BIGINT                   NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
