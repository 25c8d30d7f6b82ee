-- Minutes (biên bản) of conferences. One row per version: the first, and each correction of a final
-- version (replaces_id). Every save adds a revision; `revision` is the latest revision's number and a
-- save must name it (optimistic concurrency). Final versions are locked and carry the SHA-256 of the
-- canonical content and of the PDF rendered from it.
-- Keep in step with the other engine's 0006_minutes.sql.
CREATE TABLE minutes (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    conference_id      INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    version            INTEGER NOT NULL,
    state              TEXT NOT NULL DEFAULT 'draft',
    replaces_id        INTEGER REFERENCES minutes (id),
    correction_reason  TEXT NOT NULL DEFAULT '',
    revision           INTEGER NOT NULL DEFAULT 0,
    content_hash       TEXT,
    pdf_hash           TEXT,
    finalized_at       INTEGER,
    finalized_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at         INTEGER NOT NULL,
    UNIQUE (conference_id, version)
);

CREATE TABLE minutes_revisions (
    minutes_id  INTEGER NOT NULL REFERENCES minutes (id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    content     TEXT NOT NULL,
    saved_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    saved_at    INTEGER NOT NULL,
    PRIMARY KEY (minutes_id, number)
);
