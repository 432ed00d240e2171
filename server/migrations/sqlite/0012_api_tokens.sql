-- API tokens of departments' case-handling systems, stored as hashes.

CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    department_id INTEGER NOT NULL REFERENCES departments (id),
    name          TEXT NOT NULL,
    -- SHA-256 of the secret, hex: the secret itself is shown once and never stored.
    token_hash    TEXT NOT NULL,
    -- JSON array of scopes.
    scopes        TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_on    TEXT NOT NULL,
    last_used_at  TEXT,
    revoked_at    TEXT
);
CREATE UNIQUE INDEX api_tokens_token_hash ON api_tokens (token_hash);
CREATE INDEX api_tokens_department ON api_tokens (department_id, id);
