-- Enforcement officers, decisions, case-code counters and decision history.

CREATE TABLE officers (
    id                 INTEGER PRIMARY KEY,
    department_id      INTEGER NOT NULL REFERENCES departments (id),
    name               TEXT NOT NULL,
    certificate_number TEXT NOT NULL,
    field              TEXT NOT NULL,
    valid_from         TEXT NOT NULL,
    valid_until        TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'revoked')),
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE UNIQUE INDEX officers_certificate ON officers (certificate_number);
CREATE INDEX officers_department ON officers (department_id, name);

CREATE TABLE decisions (
    id                   INTEGER PRIMARY KEY,
    department_id        INTEGER NOT NULL REFERENCES departments (id),
    claim_id             INTEGER NOT NULL REFERENCES claims (id),
    document_number      TEXT NOT NULL,
    kind                 TEXT NOT NULL,
    procedure            TEXT NOT NULL CHECK (procedure IN ('simple', 'ordinary')),
    party_kind           TEXT NOT NULL CHECK (party_kind IN ('organisation', 'person')),
    party_name           TEXT NOT NULL,
    party_uscc           TEXT,
    uscc_override_reason TEXT,
    -- A natural person's resident identity number: never in a public response.
    party_id_number      TEXT,
    facts                TEXT NOT NULL,
    legal_basis          TEXT NOT NULL,
    result               TEXT NOT NULL,
    -- Comma-separated penalty types.
    penalty_types        TEXT NOT NULL,
    amount_fen           INTEGER,
    decision_date        TEXT NOT NULL,
    major                INTEGER NOT NULL CHECK (major IN (0, 1)),
    legal_review_by      TEXT,
    legal_review_at      TEXT,
    legal_review_opinion TEXT,
    review_comment       TEXT,
    status               TEXT NOT NULL CHECK (status IN ('draft', 'issued', 'revoked', 'changed')),
    case_code            TEXT,
    -- Fixed at issuance and signed with the fields above: the department's name, the
    -- item, and the officers' certificate numbers (comma-separated) as they were then.
    issued_department    TEXT,
    issued_item_code     TEXT,
    issued_item_name     TEXT,
    issued_officers      TEXT,
    -- The signing key's id and the Ed25519 signature (base32).
    key_id               TEXT,
    signature            TEXT,
    issued_at            TEXT,
    issued_by            TEXT,
    status_reason        TEXT,
    status_at            TEXT,
    replaced_by          INTEGER REFERENCES decisions (id),
    version              INTEGER NOT NULL,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    updated_by           TEXT NOT NULL
);
CREATE UNIQUE INDEX decisions_document_number ON decisions (document_number);
CREATE UNIQUE INDEX decisions_case_code ON decisions (case_code);
CREATE INDEX decisions_department ON decisions (department_id, id);

CREATE TABLE decision_officers (
    decision_id INTEGER NOT NULL REFERENCES decisions (id),
    officer_id  INTEGER NOT NULL REFERENCES officers (id),
    position    INTEGER NOT NULL,
    PRIMARY KEY (decision_id, officer_id)
);

-- The next serial of each region and year; taken in the issuing transaction.
CREATE TABLE case_code_counters (
    region_code TEXT NOT NULL,
    year        INTEGER NOT NULL,
    last        INTEGER NOT NULL,
    PRIMARY KEY (region_code, year)
);

CREATE TABLE decision_events (
    id          INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decisions (id),
    at          TEXT NOT NULL,
    username    TEXT NOT NULL,
    action      TEXT NOT NULL,
    note        TEXT
);
CREATE INDEX decision_events_decision ON decision_events (decision_id, id);
