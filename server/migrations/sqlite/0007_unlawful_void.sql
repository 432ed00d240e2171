-- Decisions confirmed unlawful (确认违法) or void (确认无效) get their own status
-- (Administrative Penalty Law art. 48). SQLite cannot change a CHECK constraint in place:
-- the table is rebuilt (https://www.sqlite.org/lang_altertable.html, the twelve steps).
-- `Db::migrate` runs SQLite migrations with foreign keys off and checks them afterwards,
-- as those steps require.

CREATE TABLE decisions_new (
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
    status               TEXT NOT NULL CHECK (status IN ('draft', 'issued', 'revoked', 'changed', 'unlawful', 'void')),
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
    , minor INTEGER NOT NULL DEFAULT 0 CHECK (minor IN (0, 1)), withheld_reason TEXT, region_code TEXT, public_party_name TEXT, public_facts TEXT, public_legal_basis TEXT, public_result TEXT, search_text TEXT, publish_by TEXT, published_at TEXT, published_until TEXT, withdrawn_at TEXT, published_on TEXT, withdrawn_on TEXT, ended_on TEXT, named_persons TEXT NOT NULL DEFAULT '[]');

INSERT INTO decisions_new SELECT * FROM decisions;
DROP TABLE decisions;
ALTER TABLE decisions_new RENAME TO decisions;

CREATE UNIQUE INDEX decisions_document_number ON decisions (document_number);
CREATE UNIQUE INDEX decisions_case_code ON decisions (case_code);
CREATE INDEX decisions_department ON decisions (department_id, id);
CREATE INDEX decisions_listing_date ON decisions (decision_date, id) WHERE published_at IS NOT NULL;
CREATE INDEX decisions_listing_amount ON decisions (amount_fen, id) WHERE published_at IS NOT NULL;
CREATE INDEX decisions_region ON decisions (region_code, decision_date);
CREATE INDEX decisions_due ON decisions (department_id, publish_by) WHERE published_at IS NULL;
