-- GB/T 2260 administrative divisions (reference data, loaded from data/regions-guangdong.csv).
CREATE TABLE regions (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('province', 'city', 'county')),
    parent_code TEXT REFERENCES regions (code)
);
CREATE INDEX regions_parent ON regions (parent_code);

-- Enforcement departments (执法部门).
CREATE TABLE departments (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    uscc        TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    level       TEXT NOT NULL CHECK (level IN ('province', 'city', 'county', 'township')),
    kind        TEXT NOT NULL,
    parent_id   INTEGER REFERENCES departments (id),
    created_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX departments_uscc ON departments (uscc);
CREATE UNIQUE INDEX departments_name ON departments (name);
CREATE INDEX departments_region ON departments (region_code);
