-- The provincial master catalog of enforcement powers (权责清单通用目录).
CREATE TABLE catalog_items (
    id             INTEGER PRIMARY KEY,
    code           TEXT NOT NULL,
    name           TEXT NOT NULL,
    category       TEXT NOT NULL,
    legal_basis    TEXT NOT NULL,
    -- Comma-separated tiers that may exercise the item: province,city,county,township.
    levels         TEXT NOT NULL,
    township       INTEGER NOT NULL CHECK (township IN (0, 1)),
    status         TEXT NOT NULL CHECK (status IN ('active', 'retired', 'split', 'merged')),
    version        INTEGER NOT NULL,
    effective_date TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX catalog_items_code ON catalog_items (code);
CREATE INDEX catalog_items_category ON catalog_items (category, code);

-- Every maintenance operation (add, adjust, split, merge, retire) with the state it left.
CREATE TABLE catalog_item_versions (
    id             INTEGER PRIMARY KEY,
    item_id        INTEGER NOT NULL REFERENCES catalog_items (id),
    version        INTEGER NOT NULL,
    operation      TEXT NOT NULL,
    reason         TEXT NOT NULL,
    effective_date TEXT NOT NULL,
    changed_by     TEXT NOT NULL,
    changed_at     TEXT NOT NULL,
    snapshot       TEXT NOT NULL,
    status         TEXT NOT NULL,
    related        TEXT NOT NULL
);
CREATE UNIQUE INDEX catalog_item_versions_item ON catalog_item_versions (item_id, version);

-- A department's claim on a catalog item. working and published hold the claim's
-- details as JSON: the version being worked on, and the public one.
CREATE TABLE claims (
    id               INTEGER PRIMARY KEY,
    department_id    INTEGER NOT NULL REFERENCES departments (id),
    item_id          INTEGER NOT NULL REFERENCES catalog_items (id),
    status           TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'returned', 'published', 'withdrawn')),
    flag             TEXT,
    working          TEXT,
    published        TEXT,
    published_at     TEXT,
    review_comment   TEXT,
    withdrawn_reason TEXT,
    version          INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    updated_by       TEXT NOT NULL
);
-- One live claim per item and department.
CREATE UNIQUE INDEX claims_live ON claims (department_id, item_id) WHERE status <> 'withdrawn';
CREATE INDEX claims_item ON claims (item_id);
CREATE INDEX claims_status ON claims (status, department_id);

-- Each step of a claim's life, with the fields it changed.
CREATE TABLE claim_events (
    id       INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims (id),
    at       TEXT NOT NULL,
    username TEXT NOT NULL,
    action   TEXT NOT NULL,
    comment  TEXT,
    changes  TEXT NOT NULL
);
CREATE INDEX claim_events_claim ON claim_events (claim_id, id);
