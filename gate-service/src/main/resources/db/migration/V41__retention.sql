-- Retention: one row per lease, held by the replica that runs the retention pass (lease_until in
-- the future), so replicas never prune at the same time. The indexes let each bounded delete batch
-- find old rows by time instead of scanning.
CREATE TABLE retention_lock (
    name        VARCHAR(100)             NOT NULL PRIMARY KEY,
    holder      VARCHAR(200),
    lease_until TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO retention_lock (name, holder, lease_until)
VALUES ('retention', NULL, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00');

CREATE INDEX evaluation_created_at ON evaluation (created_at);
CREATE INDEX test_run_uploaded_at ON test_run (uploaded_at);
