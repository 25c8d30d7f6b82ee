-- Large documents made in the background (service/src/documents/jobs.rs): a request starts a job and is
-- answered at once; the job's page shows its progress and then the file, which any app server can serve
-- from here. Keep in step with the other engine's 0011_document_jobs.sql.
CREATE TABLE document_jobs (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    conference_id  INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    user_id        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    kind           TEXT NOT NULL,
    parameter      TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    step           INTEGER NOT NULL DEFAULT 0,
    steps          INTEGER NOT NULL,
    items          INTEGER NOT NULL DEFAULT 0,
    file_name      TEXT NOT NULL DEFAULT '',
    content        BLOB,
    error          TEXT NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX document_jobs_conference ON document_jobs (conference_id, id);
