-- Delegate registration: settings, unit quotas, custom questions, registrations with their days,
-- classes and answers, the history of each, check-ins, imports, the mail outbox, unit coordinators.
-- Keep in step with migrations/postgres/0003_registration.sql.

CREATE TABLE registration_settings (
    conference_id       INTEGER PRIMARY KEY REFERENCES conferences (id) ON DELETE CASCADE,
    opens_at            INTEGER,
    closes_at           INTEGER,
    requires_approval   INTEGER NOT NULL DEFAULT 0 CHECK (requires_approval IN (0, 1)),
    waitlist            INTEGER NOT NULL DEFAULT 1 CHECK (waitlist IN (0, 1)),
    default_unit_quota  INTEGER
);

CREATE TABLE unit_quotas (
    conference_id  INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    unit_id        INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE,
    quota          INTEGER NOT NULL CHECK (quota >= 0),
    PRIMARY KEY (conference_id, unit_id)
);

CREATE TABLE registration_questions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    conference_id  INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('short_text', 'long_text', 'single_choice', 'multiple_choice', 'yes_no')),
    label          TEXT NOT NULL,
    help           TEXT NOT NULL DEFAULT '',
    options        TEXT NOT NULL DEFAULT '[]',
    required       INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0, 1)),
    position       INTEGER NOT NULL DEFAULT 0
);

-- A delegate's registration. The private link's token and the calendar token are stored hashed; `code`
-- is the short check-in code printed on the badge.
CREATE TABLE registrations (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    conference_id    INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    code             TEXT NOT NULL UNIQUE,
    token_hash       TEXT NOT NULL UNIQUE,
    family_name      TEXT NOT NULL,
    middle_name      TEXT NOT NULL DEFAULT '',
    given_name       TEXT NOT NULL,
    gender           TEXT NOT NULL DEFAULT '',
    position_title   TEXT NOT NULL DEFAULT '',
    unit_id          INTEGER REFERENCES units (id) ON DELETE SET NULL,
    organization     TEXT NOT NULL DEFAULT '',
    admin_unit_code  TEXT,
    phone            TEXT NOT NULL DEFAULT '',
    phone_key        TEXT NOT NULL DEFAULT '',
    email            TEXT NOT NULL DEFAULT '',
    email_key        TEXT NOT NULL DEFAULT '',
    accommodation    INTEGER NOT NULL DEFAULT 0 CHECK (accommodation IN (0, 1)),
    dietary          TEXT NOT NULL DEFAULT '',
    consent_at       INTEGER NOT NULL,
    locale           TEXT NOT NULL DEFAULT 'vi',
    status           TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'waiting', 'rejected', 'cancelled')),
    status_reason    TEXT NOT NULL DEFAULT '',
    waitlisted_at    INTEGER,
    search_key       TEXT NOT NULL,
    source           TEXT NOT NULL DEFAULT 'self',
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX registrations_conference ON registrations (conference_id, status);
CREATE INDEX registrations_waiting ON registrations (conference_id, status, waitlisted_at, id);
-- One active registration per email and per phone in a conference, enforced by the database itself, so
-- two simultaneous submissions of the same delegate cannot both get in.
CREATE UNIQUE INDEX registrations_one_email ON registrations (conference_id, email_key)
    WHERE email_key <> '' AND status IN ('pending', 'confirmed', 'waiting');
CREATE UNIQUE INDEX registrations_one_phone ON registrations (conference_id, phone_key)
    WHERE phone_key <> '' AND status IN ('pending', 'confirmed', 'waiting');

CREATE TABLE registration_days (
    registration_id  INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    day              TEXT NOT NULL,
    PRIMARY KEY (registration_id, day)
);

-- Seats in training classes: only confirmed rows of confirmed registrations hold one.
CREATE TABLE registration_sessions (
    registration_id  INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    session_uid      TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('confirmed', 'waiting')),
    waitlisted_at    INTEGER NOT NULL,
    PRIMARY KEY (registration_id, session_uid)
);
CREATE INDEX registration_sessions_uid ON registration_sessions (session_uid, status, waitlisted_at);

CREATE TABLE registration_answers (
    registration_id  INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    question_id      INTEGER NOT NULL REFERENCES registration_questions (id) ON DELETE CASCADE,
    value            TEXT NOT NULL,
    PRIMARY KEY (registration_id, question_id, value)
);

CREATE TABLE registration_events (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    registration_id  INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    at               INTEGER NOT NULL,
    actor            TEXT NOT NULL,
    user_id          INTEGER REFERENCES users (id) ON DELETE SET NULL,
    from_status      TEXT,
    to_status        TEXT NOT NULL,
    detail           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX registration_events_registration ON registration_events (registration_id, id);

-- Arrivals: scope is 'day:YYYY-MM-DD' or 'session:<uid>'.
CREATE TABLE checkins (
    registration_id  INTEGER NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
    scope            TEXT NOT NULL,
    at               INTEGER NOT NULL,
    user_id          INTEGER REFERENCES users (id) ON DELETE SET NULL,
    PRIMARY KEY (registration_id, scope)
);

-- Uploaded lists of delegates, kept as a preview until an organizer accepts them.
CREATE TABLE registration_imports (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    conference_id  INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    user_id        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    unit_id        INTEGER REFERENCES units (id) ON DELETE SET NULL,
    file_name      TEXT NOT NULL,
    headers        TEXT NOT NULL,
    raw_rows       TEXT NOT NULL,
    mapping        TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('preview', 'done', 'discarded')),
    created_at     INTEGER NOT NULL
);

-- Every message the system sends, kept: sent by SMTP when configured, readable and resendable by organizers.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    conference_id    INTEGER REFERENCES conferences (id) ON DELETE CASCADE,
    registration_id  INTEGER REFERENCES registrations (id) ON DELETE SET NULL,
    kind             TEXT NOT NULL,
    to_address       TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body             TEXT NOT NULL,
    calendar         TEXT,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'unsent')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT NOT NULL DEFAULT '',
    claimed_at       INTEGER,
    next_attempt_at  INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    sent_at          INTEGER
);
CREATE INDEX outbox_pending ON outbox (status, next_attempt_at);
CREATE INDEX outbox_conference ON outbox (conference_id, id);

-- Accounts that nominate the delegates of one unit.
CREATE TABLE conference_coordinators (
    conference_id  INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    unit_id        INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE,
    PRIMARY KEY (conference_id, user_id)
);
