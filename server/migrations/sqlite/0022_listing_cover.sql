-- The listing's date index also holds what the listing's other filters read (region,
-- kind, withdrawal, end of publication), so a page filtered by region or kind is found
-- in the index before any decision's row is read.
DROP INDEX decisions_listing_date;
CREATE INDEX decisions_listing_date ON decisions
    (decision_date, id, region_code, kind, withdrawn_at, published_until)
    WHERE published_at IS NOT NULL;
