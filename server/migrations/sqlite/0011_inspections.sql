-- Inspections of market entities: the entity registry, spot-check plans and their
-- draws, inspections with their codes, results, ratings, and reports of inspections
-- without a code.

CREATE TABLE entities (
    id          INTEGER PRIMARY KEY,
    uscc        TEXT NOT NULL,
    name        TEXT NOT NULL,
    region_code TEXT NOT NULL,
    industry    TEXT NOT NULL,
    risk_grade  TEXT NOT NULL CHECK (risk_grade IN ('A', 'B', 'C', 'D')),
    -- Never in a public response.
    contact     TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX entities_uscc ON entities (uscc);
CREATE INDEX entities_population ON entities (region_code, industry, risk_grade);

-- An officer who must not inspect an entity (kin, former employer, a stake).
CREATE TABLE inspector_conflicts (
    officer_id INTEGER NOT NULL REFERENCES officers (id),
    entity_id  INTEGER NOT NULL REFERENCES entities (id),
    note       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (officer_id, entity_id)
);

CREATE TABLE spot_check_plans (
    id            INTEGER PRIMARY KEY,
    department_id INTEGER NOT NULL REFERENCES departments (id),
    title         TEXT NOT NULL,
    region_code   TEXT NOT NULL,
    industry      TEXT,
    -- Comma-separated grades; empty for every grade.
    risk_grades   TEXT NOT NULL,
    target_count  INTEGER,
    target_share  INTEGER,
    starts_on     TEXT NOT NULL,
    ends_on       TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('draft', 'approved', 'drawn', 'cancelled')),
    -- Fixed at approval: the secret seed (hex, public from the draw), the draw's inputs
    -- (JSON, canonical order) and the commitment over both.
    seed          TEXT,
    draw_input    TEXT,
    commitment    TEXT,
    approved_by   TEXT,
    approved_at   TEXT,
    drawn_at      TEXT,
    cancel_reason TEXT,
    cancelled_at  TEXT,
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL
);
CREATE INDEX spot_check_plans_department ON spot_check_plans (department_id, id);
CREATE INDEX spot_check_plans_status ON spot_check_plans (status, id);

-- Partner departments of a joint plan, in order.
CREATE TABLE spot_check_plan_departments (
    plan_id       INTEGER NOT NULL REFERENCES spot_check_plans (id),
    department_id INTEGER NOT NULL REFERENCES departments (id),
    position      INTEGER NOT NULL,
    PRIMARY KEY (plan_id, department_id)
);

CREATE TABLE spot_check_plan_items (
    plan_id  INTEGER NOT NULL REFERENCES spot_check_plans (id),
    claim_id INTEGER NOT NULL REFERENCES claims (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (plan_id, claim_id)
);

CREATE TABLE spot_check_plan_inspectors (
    plan_id    INTEGER NOT NULL REFERENCES spot_check_plans (id),
    officer_id INTEGER NOT NULL REFERENCES officers (id),
    PRIMARY KEY (plan_id, officer_id)
);

CREATE TABLE inspections (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL,
    department_id INTEGER NOT NULL REFERENCES departments (id),
    plan_id       INTEGER REFERENCES spot_check_plans (id),
    entity_id     INTEGER NOT NULL REFERENCES entities (id),
    ground        TEXT NOT NULL CHECK (ground IN ('plan', 'complaint', 'referral')),
    -- A complaint's or referral's reference and gist: internal.
    ground_note   TEXT,
    window_from   TEXT NOT NULL,
    window_until  TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('scheduled', 'done', 'cancelled')),
    -- The items (JSON: code, name, legal basis) and the signed summary (JSON), fixed at
    -- issuance, with the key's id and the Ed25519 signature (base32).
    items         TEXT NOT NULL,
    signed        TEXT NOT NULL,
    key_id        TEXT NOT NULL,
    signature     TEXT NOT NULL,
    issued_at     TEXT NOT NULL,
    issued_by     TEXT NOT NULL,
    outcome       TEXT CHECK (outcome IN ('no_problem', 'rectify', 'case_opened')),
    result_note   TEXT,
    rectify_by    TEXT,
    case_code     TEXT,
    result_at     TEXT,
    result_by     TEXT,
    updated_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX inspections_code ON inspections (code);
CREATE INDEX inspections_department ON inspections (department_id, id);
CREATE INDEX inspections_plan ON inspections (plan_id, id);
CREATE INDEX inspections_entity ON inspections (entity_id, window_from);

-- Every department an inspection is for (the lead and a joint plan's partners).
CREATE TABLE inspection_departments (
    inspection_id INTEGER NOT NULL REFERENCES inspections (id),
    department_id INTEGER NOT NULL REFERENCES departments (id),
    PRIMARY KEY (inspection_id, department_id)
);
CREATE INDEX inspection_departments_department ON inspection_departments (department_id);

CREATE TABLE inspection_officers (
    inspection_id INTEGER NOT NULL REFERENCES inspections (id),
    officer_id    INTEGER NOT NULL REFERENCES officers (id),
    position      INTEGER NOT NULL,
    PRIMARY KEY (inspection_id, officer_id)
);

-- The next serial of each region and year for inspection codes.
CREATE TABLE inspection_code_counters (
    region_code TEXT NOT NULL,
    year        INTEGER NOT NULL,
    last        INTEGER NOT NULL,
    PRIMARY KEY (region_code, year)
);

-- One rating per inspection, by the inspected company.
CREATE TABLE inspection_ratings (
    inspection_id       INTEGER PRIMARY KEY REFERENCES inspections (id),
    score               INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    conduct             TEXT NOT NULL CHECK (conduct IN ('proper', 'acceptable', 'improper')),
    showed_certificates INTEGER NOT NULL CHECK (showed_certificates IN (0, 1)),
    comment             TEXT NOT NULL,
    rated_at            TEXT NOT NULL
);

-- Reports of inspections without a valid code, from the public.
CREATE TABLE inspection_reports (
    id              INTEGER PRIMARY KEY,
    department_id   INTEGER REFERENCES departments (id),
    department_text TEXT NOT NULL,
    code            TEXT,
    entity_name     TEXT NOT NULL,
    happened_on     TEXT NOT NULL,
    description     TEXT NOT NULL,
    contact         TEXT,
    reported_at     TEXT NOT NULL
);
CREATE INDEX inspection_reports_department ON inspection_reports (department_id, id);
