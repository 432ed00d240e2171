-- The disclosure listing is kept in memory too (its pages, by filter). A published
-- decision changes what it shows when it is withdrawn, its period moves, or any column the
-- listing shows, filters or sorts by changes; each such write moves the generation.
-- Publication moves it already (0021), and so does a decision inserted published (only the
-- synthetic seeder does that), through the statistics' sums it adds to (0017, 0021).
CREATE TRIGGER decisions_listing_generation AFTER UPDATE ON decisions
    WHEN (OLD.published_at IS NOT NULL OR NEW.published_at IS NOT NULL) AND (
        OLD.withdrawn_at IS NOT NEW.withdrawn_at OR OLD.published_until IS NOT NEW.published_until
        OR OLD.published_on IS NOT NEW.published_on OR OLD.case_code IS NOT NEW.case_code
        OR OLD.document_number IS NOT NEW.document_number
        OR OLD.department_id IS NOT NEW.department_id OR OLD.region_code IS NOT NEW.region_code
        OR OLD.decision_date IS NOT NEW.decision_date OR OLD.kind IS NOT NEW.kind
        OR OLD.issued_item_code IS NOT NEW.issued_item_code
        OR OLD.issued_item_name IS NOT NEW.issued_item_name OR OLD.party_kind IS NOT NEW.party_kind
        OR OLD.public_party_name IS NOT NEW.public_party_name OR OLD.party_uscc IS NOT NEW.party_uscc
        OR OLD.public_facts IS NOT NEW.public_facts
        OR OLD.public_legal_basis IS NOT NEW.public_legal_basis
        OR OLD.public_result IS NOT NEW.public_result OR OLD.penalty_types IS NOT NEW.penalty_types
        OR OLD.amount_fen IS NOT NEW.amount_fen OR OLD.search_text IS NOT NEW.search_text)
BEGIN
    UPDATE generations SET n = n + 1 WHERE name = 'public';
END;
CREATE TRIGGER decisions_delete_generation AFTER DELETE ON decisions
    WHEN OLD.published_at IS NOT NULL
BEGIN
    UPDATE generations SET n = n + 1 WHERE name = 'public';
END;
