-- Foundation: reference data, agencies, accounts, conferences.
-- Instants are INTEGER Unix seconds (UTC); dates are TEXT 'YYYY-MM-DD'; flags are INTEGER 0/1
-- (sqlx::Any cannot read SQLite's BOOLEAN; PostgreSQL uses BOOLEAN). Keep in step with
-- migrations/postgres/0001_foundation.sql (a test compares the two schemas).

CREATE TABLE admin_units (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    code          TEXT NOT NULL,
    name          TEXT NOT NULL,
    unit_type     TEXT NOT NULL,
    valid_from    TEXT NOT NULL,
    valid_to      TEXT,
    predecessors  TEXT NOT NULL DEFAULT '',
    region        TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    UNIQUE (code, valid_from)
);

CREATE TABLE agencies (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL UNIQUE,
    abbreviation  TEXT NOT NULL DEFAULT '',
    parent_name   TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL
);

CREATE TABLE units (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id        INTEGER NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    admin_unit_code  TEXT,
    UNIQUE (agency_id, name)
);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    email          TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    is_admin       INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at     INTEGER NOT NULL
);

-- Browser sign-ins. Only a hash of the cookie's token is stored.
CREATE TABLE login_sessions (
    token_hash    TEXT PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL
);
CREATE INDEX login_sessions_user ON login_sessions (user_id);

-- Failed and successful sign-ins, for rate limiting across app servers.
CREATE TABLE login_attempts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    email_key  TEXT NOT NULL,
    ip         TEXT NOT NULL,
    at         INTEGER NOT NULL,
    succeeded  INTEGER NOT NULL CHECK (succeeded IN (0, 1))
);
CREATE INDEX login_attempts_email ON login_attempts (email_key, at);
CREATE INDEX login_attempts_ip ON login_attempts (ip, at);

CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    prefix        TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER,
    revoked_at    INTEGER
);

CREATE TABLE conferences (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    slug           TEXT NOT NULL UNIQUE,
    title          TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('review', 'training', 'both')),
    status         TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'closed')),
    starts_on      TEXT NOT NULL,
    ends_on        TEXT NOT NULL,
    time_zone      TEXT NOT NULL,
    venue_name     TEXT NOT NULL DEFAULT '',
    venue_address  TEXT NOT NULL DEFAULT '',
    capacity       INTEGER,
    description    TEXT NOT NULL DEFAULT '',
    agency_id      INTEGER REFERENCES agencies (id) ON DELETE SET NULL,
    created_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    published_at   INTEGER,
    closed_at      INTEGER,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX conferences_status ON conferences (status, starts_on);

CREATE TABLE conference_organizers (
    conference_id  INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (conference_id, user_id)
);

-- One row: bumped by every write that changes what the public sees, so page and feed caches on
-- every app server know when to rebuild.
CREATE TABLE site_state (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    public_revision  INTEGER NOT NULL
);
INSERT INTO site_state (id, public_revision) VALUES (1, 1);

-- Who did what, for organizers' actions that matter later.
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    at             INTEGER NOT NULL,
    user_id        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    conference_id  INTEGER REFERENCES conferences (id) ON DELETE CASCADE,
    action         TEXT NOT NULL,
    detail         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_conference ON audit_log (conference_id, at);
