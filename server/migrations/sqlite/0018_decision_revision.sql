-- A decision's revision: a number that changes with every write to its row, whichever code
-- path makes it (API, batch, seeder or SQL by hand). Verification keeps the verdict of a
-- signed lookup and reuses it while the revision it was computed from is still the row's.
ALTER TABLE decisions ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

-- SQLite cannot change NEW before an update: the row is bumped once more after it. The
-- condition lets an update that sets the revision itself stand, and stops the bump from
-- bumping again.
CREATE TRIGGER decisions_revision AFTER UPDATE ON decisions WHEN NEW.revision = OLD.revision
BEGIN
    UPDATE decisions SET revision = OLD.revision + 1 WHERE id = NEW.id;
END;
