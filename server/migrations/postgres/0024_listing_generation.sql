-- The disclosure listing is kept in memory too (its pages, by filter). A published
-- decision changes what it shows when it is withdrawn, its period moves, or any column the
-- listing shows, filters or sorts by changes; each such write moves the generation.
-- Publication moves it already (0021), and so does a decision inserted published (only the
-- synthetic seeder does that), through the statistics' sums it adds to (0017, 0021).
CREATE CONSTRAINT TRIGGER decisions_listing_generation AFTER UPDATE ON decisions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((OLD.published_at IS NOT NULL OR NEW.published_at IS NOT NULL) AND (
        OLD.withdrawn_at, OLD.published_until, OLD.published_on, OLD.case_code,
        OLD.document_number, OLD.department_id, OLD.region_code, OLD.decision_date, OLD.kind,
        OLD.issued_item_code, OLD.issued_item_name, OLD.party_kind, OLD.public_party_name,
        OLD.party_uscc, OLD.public_facts, OLD.public_legal_basis, OLD.public_result,
        OLD.penalty_types, OLD.amount_fen, OLD.search_text
    ) IS DISTINCT FROM (
        NEW.withdrawn_at, NEW.published_until, NEW.published_on, NEW.case_code,
        NEW.document_number, NEW.department_id, NEW.region_code, NEW.decision_date, NEW.kind,
        NEW.issued_item_code, NEW.issued_item_name, NEW.party_kind, NEW.public_party_name,
        NEW.party_uscc, NEW.public_facts, NEW.public_legal_basis, NEW.public_result,
        NEW.penalty_types, NEW.amount_fen, NEW.search_text
    ))
    EXECUTE FUNCTION generations_bump();
CREATE CONSTRAINT TRIGGER decisions_delete_generation AFTER DELETE ON decisions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN (OLD.published_at IS NOT NULL)
    EXECUTE FUNCTION generations_bump();
