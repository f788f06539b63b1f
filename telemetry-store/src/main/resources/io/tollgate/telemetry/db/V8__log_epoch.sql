-- How many times a topic's log started anew (single-node mode's broker keeps no log across
-- restarts, so offsets start at 0 again). Readers that follow the minute tables by batch offset
-- (the scenario catalog) name their marks with it, so a new log is read from its start.
CREATE TABLE ingest_log_epoch (
    topic VARCHAR(249) NOT NULL PRIMARY KEY,
    epoch BIGINT       NOT NULL
);
