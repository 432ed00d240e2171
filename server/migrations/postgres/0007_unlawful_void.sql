-- Decisions confirmed unlawful (确认违法) or void (确认无效) get their own status
-- (Administrative Penalty Law art. 48).
ALTER TABLE decisions DROP CONSTRAINT decisions_status_check;
ALTER TABLE decisions ADD CONSTRAINT decisions_status_check
    CHECK (status IN ('draft', 'issued', 'revoked', 'changed', 'unlawful', 'void'));
