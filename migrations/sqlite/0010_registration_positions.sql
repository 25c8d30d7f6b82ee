-- Registration at scale (service/src/registration/seats.rs, intake.rs). Keep in step with the other
-- engine's 0010_registration_positions.sql.
--
-- Waiting positions are stored numbers, 1, 2, 3 … without gaps, kept under the conference's seat lock:
-- a registration joins at the end, and when one leaves those behind it move up in one statement. Reading
-- a position never counts a queue. In a class, only delegates holding a conference seat queue (NULL
-- otherwise).
ALTER TABLE registrations ADD COLUMN waiting_position INTEGER;
ALTER TABLE registration_sessions ADD COLUMN waiting_position INTEGER;
-- SHA-256 of the public form's submission key: a retried submission finds what it already stored.
ALTER TABLE registrations ADD COLUMN submission_hash TEXT;

DROP INDEX registrations_waiting;
CREATE INDEX registrations_queue ON registrations (conference_id, waiting_position);
CREATE INDEX registrations_unit ON registrations (conference_id, unit_id, status);
CREATE INDEX registrations_submission ON registrations (conference_id, submission_hash)
    WHERE submission_hash IS NOT NULL;
CREATE INDEX registration_sessions_queue ON registration_sessions (session_uid, waiting_position);

-- Seats of a training class per unit, besides the conference's unit quotas: a unit's own (unit_id), or
-- one for every unit without its own (unit_id NULL).
CREATE TABLE class_quotas (
    conference_id  INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    session_uid    TEXT NOT NULL,
    unit_id        INTEGER REFERENCES units (id) ON DELETE CASCADE,
    quota          INTEGER NOT NULL CHECK (quota >= 0)
);
CREATE UNIQUE INDEX class_quotas_one ON class_quotas (conference_id, session_uid, COALESCE(unit_id, 0));

-- The queues as they stood, in their order of arrival.
UPDATE registrations SET waiting_position = q.n
FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY conference_id ORDER BY waitlisted_at, id) AS n
      FROM registrations WHERE status = 'waiting') AS q
WHERE registrations.id = q.id;
UPDATE registration_sessions SET waiting_position = q.n
FROM (SELECT rs.registration_id, rs.session_uid,
             ROW_NUMBER() OVER (PARTITION BY rs.session_uid ORDER BY rs.waitlisted_at, rs.registration_id) AS n
      FROM registration_sessions rs JOIN registrations r ON r.id = rs.registration_id
      WHERE rs.status = 'waiting' AND r.status = 'confirmed') AS q
WHERE registration_sessions.registration_id = q.registration_id
    AND registration_sessions.session_uid = q.session_uid;
