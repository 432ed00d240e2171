-- Signed audit checkpoints are kept like the log they anchor: never changed, never
-- deleted. (Whoever can drop this trigger can delete them; a copy kept outside, checked
-- with `anma audit verify --checkpoints FILE`, still catches that.)
CREATE FUNCTION audit_checkpoints_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit checkpoints are append-only';
END;
$$;
CREATE TRIGGER audit_checkpoints_no_change BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_append_only();
