-- Addresses (an IPv6 /64) that signed in to an account successfully: failures from
-- them never count with strangers' failures against the account.
CREATE TABLE sign_in_addresses (
    username TEXT NOT NULL,
    address  TEXT NOT NULL,
    last_at  TEXT NOT NULL,
    PRIMARY KEY (username, address)
);

-- Signed checkpoints of the audit chain: the head (sequence number and hash) at a time,
-- signed with the deployment's Ed25519 key, published at /api/v1/audit/checkpoints. A
-- history rewritten by someone with database access but not the key no longer matches.
CREATE TABLE audit_checkpoints (
    seq       BIGINT PRIMARY KEY,
    hash      TEXT NOT NULL,
    at        TEXT NOT NULL,
    key_id    TEXT NOT NULL,
    signature TEXT NOT NULL
);
