-- The listing of one penalty type, newest or oldest first: one partial index per type, so
-- a type that few listed decisions carry is read from its own rows instead of found by
-- testing every listed decision. The query names the type as the same literal condition.
CREATE INDEX decisions_listing_penalty_warning ON decisions (decision_date, id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"warning"%';
CREATE INDEX decisions_listing_penalty_criticism ON decisions (decision_date, id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"criticism"%';
CREATE INDEX decisions_listing_penalty_fine ON decisions (decision_date, id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"fine"%';
CREATE INDEX decisions_listing_penalty_confiscate_gains ON decisions (decision_date, id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"confiscate_gains"%';
CREATE INDEX decisions_listing_penalty_confiscate_property ON decisions (decision_date, id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"confiscate_property"%';
CREATE INDEX decisions_listing_penalty_suspend_licence ON decisions (decision_date, id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"suspend_licence"%';
CREATE INDEX decisions_listing_penalty_lower_qualification ON decisions (decision_date, id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"lower_qualification"%';
CREATE INDEX decisions_listing_penalty_revoke_licence ON decisions (decision_date, id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"revoke_licence"%';
CREATE INDEX decisions_listing_penalty_restrict_activities ON decisions (decision_date, id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"restrict_activities"%';
CREATE INDEX decisions_listing_penalty_suspend_business ON decisions (decision_date, id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"suspend_business"%';
CREATE INDEX decisions_listing_penalty_close ON decisions (decision_date, id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"close"%';
CREATE INDEX decisions_listing_penalty_restrict_practice ON decisions (decision_date, id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"restrict_practice"%';
CREATE INDEX decisions_listing_penalty_detention ON decisions (decision_date, id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"detention"%';
CREATE INDEX decisions_listing_penalty_other ON decisions (decision_date, id)
    WHERE published_at IS NOT NULL AND penalty_types LIKE '%"other"%';
