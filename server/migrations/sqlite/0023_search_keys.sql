-- The trigram index keyed as the listing is ordered: rowid = days from 1970 to the decision
-- date × 2^32 + the decision's id (`db::disclosures::search_key`). The index hands its
-- matches out in rowid order, so a search listed newest or oldest first reads only as
-- many matches as its page needs.
CREATE VIRTUAL TABLE decision_search_keyed USING fts5 (body, tokenize = 'trigram');
INSERT INTO decision_search_keyed (rowid, body)
    SELECT CAST(julianday(d.decision_date) - 2440587.5 AS INTEGER) * 4294967296 + d.id, s.body
    FROM decision_search s JOIN decisions d ON d.id = s.rowid;
DROP TABLE decision_search;
ALTER TABLE decision_search_keyed RENAME TO decision_search;
