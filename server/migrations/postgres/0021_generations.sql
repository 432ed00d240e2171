-- The generation of the public answers kept in memory (the statistics, the item lists): a
-- number that every write to the data behind them moves, whichever code path makes the
-- write, in the same transaction. A server keeps an answer with the generation it was
-- computed at and gives it again only while one read of the number finds it unchanged, so
-- a change shows at once on every server that shares the database. One number for all,
-- moved by deferred triggers at commit, after every other lock the transaction takes:
-- writers never wait on it and another row in opposite orders.
CREATE TABLE generations (
    name TEXT PRIMARY KEY,
    n    BIGINT NOT NULL DEFAULT 0
);
INSERT INTO generations (name) VALUES ('public');

CREATE FUNCTION generations_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE generations SET n = n + 1 WHERE name = 'public';
    RETURN NULL;
END;
$$;

-- The statistics: their sums, and decisions whose deadline or publication moved (the
-- on-time record counts those past their deadline and still unpublished).
CREATE CONSTRAINT TRIGGER decision_stats_generation AFTER INSERT OR UPDATE OR DELETE ON decision_stats
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION generations_bump();
CREATE CONSTRAINT TRIGGER decisions_deadline_generation AFTER UPDATE OF publish_by, published_at ON decisions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.publish_by IS DISTINCT FROM NEW.publish_by OR OLD.published_at IS DISTINCT FROM NEW.published_at)
    EXECUTE FUNCTION generations_bump();

-- The item lists: claims, the catalog items they publish, and the departments (whose
-- names the statistics show too). Locking a catalog item (an update that changes
-- nothing) moves nothing.
CREATE CONSTRAINT TRIGGER claims_generation AFTER INSERT OR UPDATE OR DELETE ON claims
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION generations_bump();
CREATE CONSTRAINT TRIGGER catalog_items_generation AFTER UPDATE ON catalog_items
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.* IS DISTINCT FROM NEW.*)
    EXECUTE FUNCTION generations_bump();
CREATE CONSTRAINT TRIGGER departments_generation AFTER INSERT OR UPDATE ON departments
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION generations_bump();
