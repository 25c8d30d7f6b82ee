-- Printed documents: where an agency has its seat (the date line of its documents names it) and how its
-- clerical office numbers documents, and the role a delegate's badge prints.
-- Keep in step with migrations/sqlite/0014_documents.sql.

-- Where the agency has its seat, as the date line names it ("Hà Nội, ngày …"), and how its clerical
-- office numbers documents: one sequence for all, or one per document type.
ALTER TABLE agencies ADD COLUMN place_name TEXT NOT NULL DEFAULT '';
ALTER TABLE agencies ADD COLUMN numbering TEXT NOT NULL DEFAULT 'single' CHECK (numbering IN ('single', 'per_type'));

-- The role a delegate's badge prints when the organizers set one ('' = from the agenda, else ĐẠI BIỂU).
ALTER TABLE registrations ADD COLUMN badge_role TEXT NOT NULL DEFAULT ''
    CHECK (badge_role IN ('', 'delegate', 'chair', 'presenter', 'trainer', 'guest', 'organizer'));
