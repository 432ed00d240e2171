-- The registry of public signing keys: every server publishes and verifies with the same
-- list, and a key stays published when its file is gone. The private keys stay in the
-- keys directory.
CREATE TABLE signing_keys (
    -- The first 8 bytes of SHA-256 of the public key, hex.
    id         TEXT PRIMARY KEY,
    algorithm  TEXT NOT NULL,
    -- The 32-byte public key, hex.
    public_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    -- Retired keys sign nothing new and still verify what they signed.
    retired_at TEXT
);

-- The deployment: a check value of its secret (an HMAC of a fixed label, never the
-- secret), so a server with another secret refuses to start.
CREATE TABLE deployment (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    secret_check TEXT NOT NULL
);
