-- Feedback forms and answers, and delegates' recommendations. Keep in step with
-- migrations/postgres/0005_feedback.sql.

-- One form for the whole conference (session_uid NULL) and at most one per session.
CREATE TABLE feedback_forms (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    conference_id  INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    session_uid    TEXT,
    title          TEXT NOT NULL,
    anonymous      INTEGER NOT NULL DEFAULT 1 CHECK (anonymous IN (0, 1)),
    opens_at       INTEGER,
    closes_at      INTEGER,
    published      INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX feedback_forms_conference ON feedback_forms (conference_id) WHERE session_uid IS NULL;
CREATE UNIQUE INDEX feedback_forms_session ON feedback_forms (conference_id, session_uid) WHERE session_uid IS NOT NULL;

CREATE TABLE feedback_questions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    form_id     INTEGER NOT NULL REFERENCES feedback_forms (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('rating', 'single_choice', 'multiple_choice', 'short_text', 'long_text')),
    prompt      TEXT NOT NULL,
    options     TEXT NOT NULL DEFAULT '[]',
    required    INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0, 1)),
    low_label   TEXT NOT NULL DEFAULT '',
    high_label  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX feedback_questions_form ON feedback_questions (form_id, position);

-- That a delegate answered a form: one row each, which is what keeps it to one voice per delegate.
-- Nothing here points at the answers. No row id (WITHOUT ROWID), no time: insertion order and time
-- would let someone pair a respondent with a submission.
CREATE TABLE feedback_respondents (
    form_id          INTEGER NOT NULL REFERENCES feedback_forms (id) ON DELETE CASCADE,
    registration_id  INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    PRIMARY KEY (form_id, registration_id)
) WITHOUT ROWID;

-- The answers. `edit_tag` is an HMAC of (form, registration) under the server secret, which is not in the
-- database: the delegate's later edits find their submission, while the rows alone name no one. A named
-- (non-anonymous) form also keeps registration_id and the time. Province and unit stay for results by
-- group, which only show groups of at least three.
CREATE TABLE feedback_submissions (
    id               TEXT PRIMARY KEY,
    form_id          INTEGER NOT NULL REFERENCES feedback_forms (id) ON DELETE CASCADE,
    edit_tag         TEXT NOT NULL,
    registration_id  INTEGER REFERENCES registrations (id) ON DELETE SET NULL,
    admin_unit_code  TEXT,
    unit_name        TEXT NOT NULL DEFAULT '',
    submitted_at     INTEGER,
    UNIQUE (form_id, edit_tag)
) WITHOUT ROWID;

CREATE TABLE feedback_answers (
    submission_id  TEXT NOT NULL REFERENCES feedback_submissions (id) ON DELETE CASCADE,
    question_id    INTEGER NOT NULL REFERENCES feedback_questions (id) ON DELETE CASCADE,
    value          TEXT NOT NULL
);
CREATE INDEX feedback_answers_submission ON feedback_answers (submission_id);
CREATE INDEX feedback_answers_question ON feedback_answers (question_id);

CREATE TABLE recommendations (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    conference_id    INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    registration_id  INTEGER REFERENCES registrations (id) ON DELETE SET NULL,
    topic            TEXT NOT NULL CHECK (topic IN ('policy', 'budget', 'coordination', 'training', 'information_technology', 'other')),
    addressed_to     TEXT NOT NULL DEFAULT '',
    body             TEXT NOT NULL,
    unit_name        TEXT NOT NULL DEFAULT '',
    admin_unit_code  TEXT,
    submitted_by     TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'forwarded', 'answered', 'closed')),
    answer           TEXT NOT NULL DEFAULT '',
    answered_by      TEXT NOT NULL DEFAULT '',
    for_minutes      INTEGER NOT NULL DEFAULT 0 CHECK (for_minutes IN (0, 1)),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX recommendations_conference ON recommendations (conference_id, status);
CREATE INDEX recommendations_registration ON recommendations (registration_id);
