-- The generation of the public answers kept in memory (the statistics, the item lists): a
-- number that every write to the data behind them moves, whichever code path makes the
-- write, in the same transaction. A server keeps an answer with the generation it was
-- computed at and gives it again only while one read of the number finds it unchanged, so
-- a change shows at once on every server that shares the database. One number for all:
-- writers never wait on two such rows in different orders.
CREATE TABLE generations (
    name TEXT PRIMARY KEY,
    n    INTEGER NOT NULL DEFAULT 0
);
INSERT INTO generations (name) VALUES ('public');

-- The statistics: their sums, and decisions whose deadline or publication moved (the
-- on-time record counts those past their deadline and still unpublished).
CREATE TRIGGER decision_stats_insert_generation AFTER INSERT ON decision_stats
BEGIN
    UPDATE generations SET n = n + 1 WHERE name = 'public';
END;
CREATE TRIGGER decision_stats_update_generation AFTER UPDATE ON decision_stats
BEGIN
    UPDATE generations SET n = n + 1 WHERE name = 'public';
END;
CREATE TRIGGER decision_stats_delete_generation AFTER DELETE ON decision_stats
BEGIN
    UPDATE generations SET n = n + 1 WHERE name = 'public';
END;
CREATE TRIGGER decisions_deadline_generation AFTER UPDATE OF publish_by, published_at ON decisions
    WHEN OLD.publish_by IS NOT NEW.publish_by OR OLD.published_at IS NOT NEW.published_at
BEGIN
    UPDATE generations SET n = n + 1 WHERE name = 'public';
END;

-- The item lists: claims, the catalog items they publish, and the departments (whose
-- names the statistics show too). Locking a catalog item (an update that changes
-- nothing) moves nothing.
CREATE TRIGGER claims_insert_generation AFTER INSERT ON claims
BEGIN
    UPDATE generations SET n = n + 1 WHERE name = 'public';
END;
CREATE TRIGGER claims_update_generation AFTER UPDATE ON claims
BEGIN
    UPDATE generations SET n = n + 1 WHERE name = 'public';
END;
CREATE TRIGGER claims_delete_generation AFTER DELETE ON claims
BEGIN
    UPDATE generations SET n = n + 1 WHERE name = 'public';
END;
CREATE TRIGGER catalog_items_update_generation AFTER UPDATE ON catalog_items
    WHEN OLD.code IS NOT NEW.code OR OLD.name IS NOT NEW.name OR OLD.category IS NOT NEW.category
        OR OLD.legal_basis IS NOT NEW.legal_basis OR OLD.status IS NOT NEW.status
        OR OLD.version IS NOT NEW.version
BEGIN
    UPDATE generations SET n = n + 1 WHERE name = 'public';
END;
CREATE TRIGGER departments_insert_generation AFTER INSERT ON departments
BEGIN
    UPDATE generations SET n = n + 1 WHERE name = 'public';
END;
CREATE TRIGGER departments_update_generation AFTER UPDATE ON departments
BEGIN
    UPDATE generations SET n = n + 1 WHERE name = 'public';
END;
