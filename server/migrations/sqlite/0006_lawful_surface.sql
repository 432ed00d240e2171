-- The lawful public surface: legal dates in China time, art. 48's withdrawal window,
-- further persons to mask, the working calendar's loaded years, and the typed-in lookup
-- limit shared by every server.

-- China Standard Time dates of publication and withdrawal: the legal dates (the *_at
-- columns keep the UTC instants).
ALTER TABLE decisions ADD COLUMN published_on TEXT;
ALTER TABLE decisions ADD COLUMN withdrawn_on TEXT;
-- The date of the act that ended the decision (revocation, change, confirmation as
-- unlawful or void): art. 48's 3 days to withdraw the publication run from it.
ALTER TABLE decisions ADD COLUMN ended_on TEXT;
-- Further natural persons named in the text (witnesses, family members), as a JSON array
-- of names: masked in every public text like the party's name.
ALTER TABLE decisions ADD COLUMN named_persons TEXT NOT NULL DEFAULT '[]';

UPDATE decisions SET published_on = date(published_at, '+8 hours') WHERE published_at IS NOT NULL;
UPDATE decisions SET withdrawn_on = date(withdrawn_at, '+8 hours') WHERE withdrawn_at IS NOT NULL;
UPDATE decisions SET ended_on = date(status_at, '+8 hours') WHERE status_at IS NOT NULL;

-- Years whose official holiday notice an administrator loaded (the built-in 2024-2026 are
-- not listed). Deadlines in any other year are provisional.
CREATE TABLE calendar_years (
    year      INTEGER PRIMARY KEY,
    days      INTEGER NOT NULL,
    loaded_by TEXT NOT NULL,
    loaded_at TEXT NOT NULL
);

-- Case-code lookups without a valid signature, per client address (an IPv6 /64) and
-- minute; shared by every server on the database.
CREATE TABLE lookup_counts (
    address      TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    hits         BIGINT NOT NULL,
    PRIMARY KEY (address, window_start)
);
CREATE INDEX lookup_counts_window ON lookup_counts (window_start);
