-- The events feed of decisions, in commit order, and the webhooks that push it to case
-- systems.

-- One row per event. `seq` is taken from `feed_counter` inside the writing transaction:
-- writers wait for each other on that row, so a reader that sees an event has seen every
-- event before it, and a cursor never skips one.
CREATE TABLE decision_feed (
    seq           INTEGER PRIMARY KEY,
    department_id INTEGER NOT NULL REFERENCES departments (id),
    decision_id   INTEGER NOT NULL REFERENCES decisions (id),
    kind          TEXT NOT NULL,
    at            TEXT NOT NULL
);
CREATE INDEX decision_feed_department ON decision_feed (department_id, seq);

CREATE TABLE feed_counter (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
);
INSERT INTO feed_counter (id, seq) VALUES (1, 0);

-- When the publication-overdue event was written: once per decision.
ALTER TABLE decisions ADD COLUMN overdue_noted_at TEXT;

ALTER TABLE api_tokens ADD COLUMN webhook_url TEXT;
-- The HMAC-SHA-256 key of its deliveries (hex): Anma signs with it, so it is kept.
ALTER TABLE api_tokens ADD COLUMN webhook_secret TEXT;

CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    token_id        INTEGER NOT NULL REFERENCES api_tokens (id),
    seq             INTEGER NOT NULL REFERENCES decision_feed (seq),
    state           TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_attempt_at TEXT,
    last_status     INTEGER,
    last_error      TEXT,
    UNIQUE (token_id, seq)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX webhook_deliveries_token ON webhook_deliveries (token_id, id);
