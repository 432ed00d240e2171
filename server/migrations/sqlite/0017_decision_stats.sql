-- The public statistics, kept as sums per department, region, kind and month of decision
-- date, so that no request adds up the decisions themselves. Triggers keep the sums in
-- the same transaction as every write to a decision, whichever code path makes it.
-- Drafts count nothing; a decision's share is taken out before a change and put back after.
CREATE TABLE decision_stats (
    department_id  INTEGER NOT NULL,
    region_code    TEXT NOT NULL,
    kind           TEXT NOT NULL,
    -- YYYY-MM of the decision date.
    month          TEXT NOT NULL,
    -- In the public listing (published, expired or withdrawn since), and their amounts.
    listed         INTEGER NOT NULL DEFAULT 0,
    listed_amount  INTEGER NOT NULL DEFAULT 0,
    revoked        INTEGER NOT NULL DEFAULT 0,
    changed        INTEGER NOT NULL DEFAULT 0,
    -- Of the decisions the law requires to be published: published, and on time.
    due_published  INTEGER NOT NULL DEFAULT 0,
    on_time        INTEGER NOT NULL DEFAULT 0,
    -- Issued decisions the law keeps off the listing.
    withheld       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (department_id, region_code, kind, month)
);
CREATE INDEX decision_stats_month ON decision_stats (month);
CREATE INDEX decision_stats_region ON decision_stats (region_code, month);

CREATE TRIGGER decision_stats_insert AFTER INSERT ON decisions WHEN NEW.status <> 'draft'
BEGIN
    INSERT INTO decision_stats (department_id, region_code, kind, month, listed, listed_amount,
        revoked, changed, due_published, on_time, withheld)
    VALUES (NEW.department_id, COALESCE(NEW.region_code, ''), NEW.kind, substr(NEW.decision_date, 1, 7),
        NEW.published_on IS NOT NULL,
        CASE WHEN NEW.published_on IS NOT NULL THEN COALESCE(NEW.amount_fen, 0) ELSE 0 END,
        NEW.published_on IS NOT NULL AND NEW.status = 'revoked',
        NEW.published_on IS NOT NULL AND NEW.status = 'changed',
        NEW.publish_by IS NOT NULL AND NEW.published_on IS NOT NULL,
        NEW.publish_by IS NOT NULL AND NEW.published_on IS NOT NULL AND NEW.published_on <= NEW.publish_by,
        NEW.publish_by IS NULL)
    ON CONFLICT (department_id, region_code, kind, month) DO UPDATE SET
        listed = listed + excluded.listed, listed_amount = listed_amount + excluded.listed_amount,
        revoked = revoked + excluded.revoked, changed = changed + excluded.changed,
        due_published = due_published + excluded.due_published, on_time = on_time + excluded.on_time,
        withheld = withheld + excluded.withheld;
END;

-- Only changes to what the sums read move them.
CREATE TRIGGER decision_stats_remove AFTER UPDATE ON decisions WHEN OLD.status <> 'draft'
    AND (OLD.status IS NOT NEW.status OR OLD.published_on IS NOT NEW.published_on
        OR OLD.publish_by IS NOT NEW.publish_by OR OLD.amount_fen IS NOT NEW.amount_fen
        OR OLD.kind IS NOT NEW.kind OR OLD.decision_date IS NOT NEW.decision_date
        OR OLD.region_code IS NOT NEW.region_code OR OLD.department_id IS NOT NEW.department_id)
BEGIN
    INSERT INTO decision_stats (department_id, region_code, kind, month, listed, listed_amount,
        revoked, changed, due_published, on_time, withheld)
    VALUES (OLD.department_id, COALESCE(OLD.region_code, ''), OLD.kind, substr(OLD.decision_date, 1, 7),
        -(OLD.published_on IS NOT NULL),
        -(CASE WHEN OLD.published_on IS NOT NULL THEN COALESCE(OLD.amount_fen, 0) ELSE 0 END),
        -(OLD.published_on IS NOT NULL AND OLD.status = 'revoked'),
        -(OLD.published_on IS NOT NULL AND OLD.status = 'changed'),
        -(OLD.publish_by IS NOT NULL AND OLD.published_on IS NOT NULL),
        -(OLD.publish_by IS NOT NULL AND OLD.published_on IS NOT NULL AND OLD.published_on <= OLD.publish_by),
        -(OLD.publish_by IS NULL))
    ON CONFLICT (department_id, region_code, kind, month) DO UPDATE SET
        listed = listed + excluded.listed, listed_amount = listed_amount + excluded.listed_amount,
        revoked = revoked + excluded.revoked, changed = changed + excluded.changed,
        due_published = due_published + excluded.due_published, on_time = on_time + excluded.on_time,
        withheld = withheld + excluded.withheld;
END;

CREATE TRIGGER decision_stats_add AFTER UPDATE ON decisions WHEN NEW.status <> 'draft'
    AND (OLD.status IS NOT NEW.status OR OLD.published_on IS NOT NEW.published_on
        OR OLD.publish_by IS NOT NEW.publish_by OR OLD.amount_fen IS NOT NEW.amount_fen
        OR OLD.kind IS NOT NEW.kind OR OLD.decision_date IS NOT NEW.decision_date
        OR OLD.region_code IS NOT NEW.region_code OR OLD.department_id IS NOT NEW.department_id)
BEGIN
    INSERT INTO decision_stats (department_id, region_code, kind, month, listed, listed_amount,
        revoked, changed, due_published, on_time, withheld)
    VALUES (NEW.department_id, COALESCE(NEW.region_code, ''), NEW.kind, substr(NEW.decision_date, 1, 7),
        NEW.published_on IS NOT NULL,
        CASE WHEN NEW.published_on IS NOT NULL THEN COALESCE(NEW.amount_fen, 0) ELSE 0 END,
        NEW.published_on IS NOT NULL AND NEW.status = 'revoked',
        NEW.published_on IS NOT NULL AND NEW.status = 'changed',
        NEW.publish_by IS NOT NULL AND NEW.published_on IS NOT NULL,
        NEW.publish_by IS NOT NULL AND NEW.published_on IS NOT NULL AND NEW.published_on <= NEW.publish_by,
        NEW.publish_by IS NULL)
    ON CONFLICT (department_id, region_code, kind, month) DO UPDATE SET
        listed = listed + excluded.listed, listed_amount = listed_amount + excluded.listed_amount,
        revoked = revoked + excluded.revoked, changed = changed + excluded.changed,
        due_published = due_published + excluded.due_published, on_time = on_time + excluded.on_time,
        withheld = withheld + excluded.withheld;
END;

CREATE TRIGGER decision_stats_delete AFTER DELETE ON decisions WHEN OLD.status <> 'draft'
BEGIN
    INSERT INTO decision_stats (department_id, region_code, kind, month, listed, listed_amount,
        revoked, changed, due_published, on_time, withheld)
    VALUES (OLD.department_id, COALESCE(OLD.region_code, ''), OLD.kind, substr(OLD.decision_date, 1, 7),
        -(OLD.published_on IS NOT NULL),
        -(CASE WHEN OLD.published_on IS NOT NULL THEN COALESCE(OLD.amount_fen, 0) ELSE 0 END),
        -(OLD.published_on IS NOT NULL AND OLD.status = 'revoked'),
        -(OLD.published_on IS NOT NULL AND OLD.status = 'changed'),
        -(OLD.publish_by IS NOT NULL AND OLD.published_on IS NOT NULL),
        -(OLD.publish_by IS NOT NULL AND OLD.published_on IS NOT NULL AND OLD.published_on <= OLD.publish_by),
        -(OLD.publish_by IS NULL))
    ON CONFLICT (department_id, region_code, kind, month) DO UPDATE SET
        listed = listed + excluded.listed, listed_amount = listed_amount + excluded.listed_amount,
        revoked = revoked + excluded.revoked, changed = changed + excluded.changed,
        due_published = due_published + excluded.due_published, on_time = on_time + excluded.on_time,
        withheld = withheld + excluded.withheld;
END;

-- What is there already.
INSERT INTO decision_stats (department_id, region_code, kind, month, listed, listed_amount,
    revoked, changed, due_published, on_time, withheld)
SELECT department_id, COALESCE(region_code, ''), kind, substr(decision_date, 1, 7),
    SUM(published_on IS NOT NULL),
    SUM(CASE WHEN published_on IS NOT NULL THEN COALESCE(amount_fen, 0) ELSE 0 END),
    SUM(published_on IS NOT NULL AND status = 'revoked'),
    SUM(published_on IS NOT NULL AND status = 'changed'),
    SUM(publish_by IS NOT NULL AND published_on IS NOT NULL),
    SUM(publish_by IS NOT NULL AND published_on IS NOT NULL AND published_on <= publish_by),
    SUM(publish_by IS NULL)
FROM decisions WHERE status <> 'draft'
GROUP BY department_id, COALESCE(region_code, ''), kind, substr(decision_date, 1, 7);
