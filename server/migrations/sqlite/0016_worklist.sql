-- The workspace's decision table: its default order and the decision-date order walk an
-- index within one department (keyset pages stop after the page). The other orders sort
-- the department's rows (thousands a year), which costs less than one more index on
-- every decision written.
CREATE INDEX decisions_department_date ON decisions (department_id, decision_date, id);
