-- Web UI sessions. The browser holds a random session id; only its SHA-256 is stored, with the
-- hash of the API token it was opened with (revoking the token ends its sessions) and the
-- session's CSRF token. Logging out deletes the row.
CREATE TABLE ui_session (
    id_hash    VARCHAR(64)              PRIMARY KEY,
    token_hash VARCHAR(64)              NOT NULL,
    csrf       VARCHAR(64)              NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ui_session_expires ON ui_session (expires_at);
