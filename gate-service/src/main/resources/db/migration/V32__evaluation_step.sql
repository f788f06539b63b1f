-- One row per evaluation step that was recorded: the primary key makes a step that ran twice
-- (a replica that lost its claim) impossible to record twice.
CREATE TABLE evaluation_step (
    evaluation_id BIGINT                   NOT NULL REFERENCES evaluation (id) ON DELETE CASCADE,
    step          INT                      NOT NULL,
    outcome       VARCHAR(12)              NOT NULL,
    score         DOUBLE PRECISION,
    node          VARCHAR(100)             NOT NULL,
    claim_version BIGINT                   NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (evaluation_id, step)
);
