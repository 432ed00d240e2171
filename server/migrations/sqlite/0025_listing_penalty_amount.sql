-- The listing of one penalty type by amount: one partial index per type on the amount
-- listing's own key, so a page of warnings (which carry no amount) or of confiscations
-- walks its type's rows in amount order and stops after the page, instead of sorting
-- every row of the type. The query names the type as the same literal condition.
CREATE INDEX decisions_listing_penalty_amount_warning ON decisions ((COALESCE(amount_fen, 0)), id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"warning"%';
CREATE INDEX decisions_listing_penalty_amount_criticism ON decisions ((COALESCE(amount_fen, 0)), id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"criticism"%';
CREATE INDEX decisions_listing_penalty_amount_fine ON decisions ((COALESCE(amount_fen, 0)), id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"fine"%';
CREATE INDEX decisions_listing_penalty_amount_confiscate_gains ON decisions ((COALESCE(amount_fen, 0)), id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"confiscate_gains"%';
CREATE INDEX decisions_listing_penalty_amount_confiscate_property ON decisions ((COALESCE(amount_fen, 0)), id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"confiscate_property"%';
CREATE INDEX decisions_listing_penalty_amount_suspend_licence ON decisions ((COALESCE(amount_fen, 0)), id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"suspend_licence"%';
CREATE INDEX decisions_listing_penalty_amount_lower_qualification ON decisions ((COALESCE(amount_fen, 0)), id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"lower_qualification"%';
CREATE INDEX decisions_listing_penalty_amount_revoke_licence ON decisions ((COALESCE(amount_fen, 0)), id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"revoke_licence"%';
CREATE INDEX decisions_listing_penalty_amount_restrict_activities ON decisions ((COALESCE(amount_fen, 0)), id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"restrict_activities"%';
CREATE INDEX decisions_listing_penalty_amount_suspend_business ON decisions ((COALESCE(amount_fen, 0)), id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"suspend_business"%';
CREATE INDEX decisions_listing_penalty_amount_close ON decisions ((COALESCE(amount_fen, 0)), id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"close"%';
CREATE INDEX decisions_listing_penalty_amount_restrict_practice ON decisions ((COALESCE(amount_fen, 0)), id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"restrict_practice"%';
CREATE INDEX decisions_listing_penalty_amount_detention ON decisions ((COALESCE(amount_fen, 0)), id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"detention"%';
CREATE INDEX decisions_listing_penalty_amount_other ON decisions ((COALESCE(amount_fen, 0)), id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"other"%';
