-- Signed audit checkpoints are kept like the log they anchor: never changed, never
-- deleted. (Whoever can drop these triggers can delete them; a copy kept outside, checked
-- with `anma audit verify --checkpoints FILE`, still catches that.)
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'audit checkpoints are append-only');
END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN
    SELECT RAISE(ABORT, 'audit checkpoints are append-only');
END;
