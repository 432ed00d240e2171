-- Lists are stored as JSON arrays of text, as named_persons already is: a decision's
-- penalty types, and the certificate numbers of its officers fixed when it was issued.
-- Codes and certificate numbers are letters, digits and '_', so no value needs escaping.
UPDATE decisions
SET penalty_types = CASE
    WHEN penalty_types = '' THEN '[]'
    ELSE '["' || REPLACE(penalty_types, ',', '","') || '"]'
END;

UPDATE decisions
SET issued_officers = CASE
    WHEN issued_officers = '' THEN '[]'
    ELSE '["' || REPLACE(issued_officers, ',', '","') || '"]'
END
WHERE issued_officers IS NOT NULL;
