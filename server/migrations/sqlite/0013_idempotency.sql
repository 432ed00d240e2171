-- Requests sent with an Idempotency-Key: a retry with the same key and body returns what
-- the first made; the same key with another body is refused.

CREATE TABLE idempotency_keys (
    -- `token:<id>` or `user:<id>`: keys are each caller's own.
    caller       TEXT NOT NULL,
    key          TEXT NOT NULL,
    -- SHA-256 of the request body, hex.
    request_hash TEXT NOT NULL,
    decision_id  INTEGER NOT NULL REFERENCES decisions (id),
    created_at   TEXT NOT NULL,
    PRIMARY KEY (caller, key)
);
