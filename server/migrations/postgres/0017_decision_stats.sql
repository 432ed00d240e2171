-- The public statistics, kept as sums per department, region, kind and month of decision
-- date, so that no request adds up the decisions themselves. A trigger keeps the sums in
-- the same transaction as every write to a decision, whichever code path makes it.
-- Drafts count nothing; a decision's share is taken out before a change and put back after.
CREATE TABLE decision_stats (
    department_id  BIGINT NOT NULL,
    region_code    TEXT NOT NULL,
    kind           TEXT NOT NULL,
    -- YYYY-MM of the decision date.
    month          TEXT NOT NULL,
    -- In the public listing (published, expired or withdrawn since), and their amounts.
    listed         BIGINT NOT NULL DEFAULT 0,
    listed_amount  BIGINT NOT NULL DEFAULT 0,
    revoked        BIGINT NOT NULL DEFAULT 0,
    changed        BIGINT NOT NULL DEFAULT 0,
    -- Of the decisions the law requires to be published: published, and on time.
    due_published  BIGINT NOT NULL DEFAULT 0,
    on_time        BIGINT NOT NULL DEFAULT 0,
    -- Issued decisions the law keeps off the listing.
    withheld       BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (department_id, region_code, kind, month)
);
CREATE INDEX decision_stats_month ON decision_stats (month);
CREATE INDEX decision_stats_region ON decision_stats (region_code, month);

-- Adds (sign 1) or takes out (sign -1) one decision's share.
CREATE FUNCTION decision_stats_apply(d decisions, sign BIGINT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    listed BOOLEAN := d.published_on IS NOT NULL;
    must BOOLEAN := d.publish_by IS NOT NULL;
BEGIN
    INSERT INTO decision_stats AS s (department_id, region_code, kind, month, listed, listed_amount,
        revoked, changed, due_published, on_time, withheld)
    VALUES (d.department_id, COALESCE(d.region_code, ''), d.kind, substr(d.decision_date, 1, 7),
        sign * listed::int,
        sign * CASE WHEN listed THEN COALESCE(d.amount_fen, 0) ELSE 0 END,
        sign * (listed AND d.status = 'revoked')::int,
        sign * (listed AND d.status = 'changed')::int,
        sign * (must AND listed)::int,
        sign * (must AND listed AND d.published_on <= d.publish_by)::int,
        sign * (NOT must)::int)
    ON CONFLICT (department_id, region_code, kind, month) DO UPDATE SET
        listed = s.listed + excluded.listed, listed_amount = s.listed_amount + excluded.listed_amount,
        revoked = s.revoked + excluded.revoked, changed = s.changed + excluded.changed,
        due_published = s.due_published + excluded.due_published,
        on_time = s.on_time + excluded.on_time, withheld = s.withheld + excluded.withheld;
END $$;

CREATE FUNCTION decision_stats_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' OR TG_OP = 'DELETE' THEN
        IF OLD.status <> 'draft' THEN
            PERFORM decision_stats_apply(OLD, -1);
        END IF;
    END IF;
    IF TG_OP = 'UPDATE' OR TG_OP = 'INSERT' THEN
        IF NEW.status <> 'draft' THEN
            PERFORM decision_stats_apply(NEW, 1);
        END IF;
    END IF;
    RETURN NULL;
END $$;

-- Only changes to what the sums read move them.
CREATE TRIGGER decision_stats_track AFTER INSERT OR DELETE
    OR UPDATE OF status, published_on, publish_by, amount_fen, kind, decision_date, region_code, department_id
    ON decisions FOR EACH ROW EXECUTE FUNCTION decision_stats_track();

-- What is there already.
INSERT INTO decision_stats (department_id, region_code, kind, month, listed, listed_amount,
    revoked, changed, due_published, on_time, withheld)
SELECT department_id, COALESCE(region_code, ''), kind, substr(decision_date, 1, 7),
    SUM((published_on IS NOT NULL)::int),
    SUM(CASE WHEN published_on IS NOT NULL THEN COALESCE(amount_fen, 0) ELSE 0 END),
    SUM((published_on IS NOT NULL AND status = 'revoked')::int),
    SUM((published_on IS NOT NULL AND status = 'changed')::int),
    SUM((publish_by IS NOT NULL AND published_on IS NOT NULL)::int),
    SUM((publish_by IS NOT NULL AND published_on IS NOT NULL AND published_on <= publish_by)::int),
    SUM((publish_by IS NULL)::int)
FROM decisions WHERE status <> 'draft'
GROUP BY department_id, COALESCE(region_code, ''), kind, substr(decision_date, 1, 7);
