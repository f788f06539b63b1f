-- Fenced jobs: every claim bumps claim_version, and a step's write only lands while the version it
-- claimed is still current. CANCELLED ends an evaluation by request (or a revoked token).
ALTER TABLE evaluation ADD COLUMN claim_version BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE evaluation DROP CONSTRAINT evaluation_status;
ALTER TABLE evaluation ADD CONSTRAINT evaluation_status
    CHECK (status IN ('PENDING', 'DONE', 'CANCELLED'));
CREATE INDEX evaluation_active_caller ON evaluation (caller, status);
CREATE INDEX evaluation_active_gate ON evaluation (gate_name, status);
