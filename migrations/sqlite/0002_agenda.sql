-- Agenda and people: rooms, tracks, people, files, sessions (the draft), and published versions.
-- Keep in step with migrations/postgres/0002_agenda.sql.

-- Files stored by the app (speaker photos, session materials): in the database, so several app servers
-- share them without a shared disk.
CREATE TABLE files (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    conference_id INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    sha256        TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    name          TEXT NOT NULL,
    data          BLOB NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX files_conference ON files (conference_id);

CREATE TABLE rooms (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    conference_id INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    capacity      INTEGER,
    position      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (conference_id, name)
);

CREATE TABLE tracks (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    conference_id INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    color         TEXT NOT NULL DEFAULT '#9b1c1c',
    position      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (conference_id, name)
);

CREATE TABLE people (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    conference_id   INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    family_name     TEXT NOT NULL,
    middle_name     TEXT NOT NULL DEFAULT '',
    given_name      TEXT NOT NULL,
    honorific       TEXT NOT NULL DEFAULT '',
    position_title  TEXT NOT NULL DEFAULT '',
    organization    TEXT NOT NULL DEFAULT '',
    biography       TEXT NOT NULL DEFAULT '',
    photo_file_id   INTEGER REFERENCES files (id) ON DELETE SET NULL,
    email           TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    search_key      TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX people_conference ON people (conference_id);

-- The draft agenda. `uid` never changes: calendars and published versions know a session by it.
CREATE TABLE sessions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    conference_id INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    uid           TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL CHECK (kind IN ('opening', 'report', 'speech', 'discussion', 'training', 'questions', 'break', 'closing')),
    title         TEXT NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    starts_at     INTEGER NOT NULL,
    ends_at       INTEGER NOT NULL,
    room_id       INTEGER REFERENCES rooms (id) ON DELETE SET NULL,
    track_id      INTEGER REFERENCES tracks (id) ON DELETE SET NULL,
    capacity      INTEGER,
    plenary       INTEGER NOT NULL DEFAULT 0 CHECK (plenary IN (0, 1)),
    cancelled     INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX sessions_conference ON sessions (conference_id, starts_at);

CREATE TABLE session_people (
    session_id  INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('chair', 'presenter', 'trainer', 'speaker', 'secretary')),
    position    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, person_id, role)
);
CREATE INDEX session_people_person ON session_people (person_id);

CREATE TABLE session_materials (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id  INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    url         TEXT,
    file_id     INTEGER REFERENCES files (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL DEFAULT 0,
    CHECK ((url IS NULL) <> (file_id IS NULL))
);

-- Published versions: a frozen JSON snapshot of the whole agenda and the change list against the
-- version before. Public pages, exports and calendar feeds read only the latest of these.
CREATE TABLE agenda_versions (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    conference_id  INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    number         INTEGER NOT NULL,
    published_at   INTEGER NOT NULL,
    published_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    snapshot       TEXT NOT NULL,
    changes        TEXT NOT NULL,
    UNIQUE (conference_id, number)
);
