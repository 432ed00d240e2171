-- A decision's revision: a number that changes with every write to its row, whichever code
-- path makes it (API, batch, seeder or SQL by hand). Verification keeps the verdict of a
-- signed lookup and reuses it while the revision it was computed from is still the row's.
ALTER TABLE decisions ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION decisions_revision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.revision = OLD.revision THEN
        NEW.revision := OLD.revision + 1;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER decisions_revision BEFORE UPDATE ON decisions
    FOR EACH ROW EXECUTE FUNCTION decisions_revision();
