-- Idempotency keys belong to a caller (the API token that sent them) and a gate: another team's
-- key can never answer for this one. request_hash lets a replay with a different body be refused.
ALTER TABLE evaluation ADD COLUMN caller VARCHAR(220);
UPDATE evaluation SET caller = 'name:' || created_by;
ALTER TABLE evaluation ALTER COLUMN caller SET NOT NULL;
ALTER TABLE evaluation ADD COLUMN created_by_token BIGINT;
ALTER TABLE evaluation ADD COLUMN request_hash VARCHAR(64);
ALTER TABLE evaluation DROP CONSTRAINT evaluation_idempotency;
CREATE UNIQUE INDEX evaluation_idempotency_scoped ON evaluation (caller, gate_name, idempotency_key);
