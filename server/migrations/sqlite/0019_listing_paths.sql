-- The withdrawal notices (art. 48), newest first: read from their own index, not found
-- among every decision.
CREATE INDEX decisions_withdrawn ON decisions (withdrawn_at, id) WHERE withdrawn_at IS NOT NULL;

-- The listing by amount walks its sort key as the index holds it (a decision without a
-- fine sorts as 0), so a page stops after its rows.
CREATE INDEX decisions_listing_amount_key ON decisions ((COALESCE(amount_fen, 0)), id)
    WHERE published_at IS NOT NULL;
