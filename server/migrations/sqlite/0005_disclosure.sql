-- Public disclosure: publication duties and periods, the public (masked) forms of each
-- issued decision, the working-day calendar, and Chinese full-text search.

ALTER TABLE decisions ADD COLUMN minor INTEGER NOT NULL DEFAULT 0 CHECK (minor IN (0, 1));
-- State secrets, trade secrets or personal privacy: why the decision is not published.
ALTER TABLE decisions ADD COLUMN withheld_reason TEXT;
-- Fixed at issuance: the department's region, and the public forms of the text (a
-- person's name masked, personal data scrubbed). Public answers read only these.
ALTER TABLE decisions ADD COLUMN region_code TEXT;
ALTER TABLE decisions ADD COLUMN public_party_name TEXT;
ALTER TABLE decisions ADD COLUMN public_facts TEXT;
ALTER TABLE decisions ADD COLUMN public_legal_basis TEXT;
ALTER TABLE decisions ADD COLUMN public_result TEXT;
-- What search matches: the public party name, the document number and the public facts.
ALTER TABLE decisions ADD COLUMN search_text TEXT;
-- Publication: the deadline (working days), when published, until when listed, and
-- when withdrawn after a revocation or change.
ALTER TABLE decisions ADD COLUMN publish_by TEXT;
ALTER TABLE decisions ADD COLUMN published_at TEXT;
ALTER TABLE decisions ADD COLUMN published_until TEXT;
ALTER TABLE decisions ADD COLUMN withdrawn_at TEXT;

CREATE INDEX decisions_listing_date ON decisions (decision_date, id) WHERE published_at IS NOT NULL;
CREATE INDEX decisions_listing_amount ON decisions (amount_fen, id) WHERE published_at IS NOT NULL;
CREATE INDEX decisions_region ON decisions (region_code, decision_date);
CREATE INDEX decisions_due ON decisions (department_id, publish_by) WHERE published_at IS NULL;

-- Days an administrator set as working or not, over the built-in 2024-2026 calendar.
CREATE TABLE calendar_days (
    day        TEXT PRIMARY KEY,
    working    INTEGER NOT NULL CHECK (working IN (0, 1)),
    note       TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Trigram full-text index of search_text; rowid = decisions.id.
CREATE VIRTUAL TABLE decision_search USING fts5 (body, tokenize = 'trigram');
