-- The workspace's decision table: each of its sort orders within one department walks an
-- index in that order (keyset pages stop after the page), and status filters narrow it.
CREATE INDEX decisions_department_date ON decisions (department_id, decision_date, id);
CREATE INDEX decisions_department_number ON decisions (department_id, document_number, id);
CREATE INDEX decisions_department_party ON decisions (department_id, party_name, id);
CREATE INDEX decisions_department_updated ON decisions (department_id, updated_at, id);
CREATE INDEX decisions_department_status ON decisions (department_id, status, id);
