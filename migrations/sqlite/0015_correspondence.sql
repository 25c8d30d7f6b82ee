-- Official correspondence around a conference (service/src/correspondence): the agency's register of
-- outgoing documents, the drafts organizers edit (with revisions, as the minutes), invitations per unit
-- with their nomination links, and answers to recommendations.
-- Keep in step with migrations/postgres/0015_correspondence.sql.

-- Sổ đăng ký văn bản đi. A number is unique within (agency, year, sequence) and so is the whole symbol;
-- the unique indexes are the guarantee, the register lock (Db::lock) makes the next number atomic.
-- `sequence` is '' for a single sequence, else the type's abbreviation ('GM', 'TB', 'BC', 'CV').
-- `content` is the document as issued (the PDF is made from it again on request, byte for byte:
-- `pdf_sha256` is the hash of the issued file). `external` marks a number given outside the system.
CREATE TABLE outgoing_documents (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id        INTEGER NOT NULL REFERENCES agencies (id),
    year             INTEGER NOT NULL,
    sequence         TEXT NOT NULL,
    number           INTEGER NOT NULL CHECK (number > 0),
    symbol           TEXT NOT NULL,
    external         INTEGER NOT NULL DEFAULT 0 CHECK (external IN (0, 1)),
    kind             TEXT NOT NULL CHECK (kind IN ('invitation', 'change_notice', 'conclusion_notice', 'recommendation_report', 'answer_letter')),
    issued_on        TEXT NOT NULL,
    subject          TEXT NOT NULL,
    signer           TEXT NOT NULL DEFAULT '',
    recipients       TEXT NOT NULL DEFAULT '',
    copies           INTEGER NOT NULL DEFAULT 1,
    conference_id    INTEGER REFERENCES conferences (id) ON DELETE SET NULL,
    unit_id          INTEGER REFERENCES units (id) ON DELETE SET NULL,
    admin_unit_code  TEXT,
    link_generation  INTEGER,
    content          TEXT NOT NULL,
    pdf_sha256       TEXT NOT NULL DEFAULT '',
    issued_by        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at       INTEGER NOT NULL,
    UNIQUE (agency_id, year, sequence, number),
    UNIQUE (agency_id, year, symbol)
);
CREATE INDEX outgoing_documents_conference ON outgoing_documents (conference_id, kind);

-- The text organizers edit before a document is issued: one draft per conference and kind, saved as
-- numbered revisions; a save names the revision it started from. `facts` keeps what the issued
-- invitations said about time and place, so a later change is noticed.
CREATE TABLE correspondence_drafts (
    conference_id  INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    revision       INTEGER NOT NULL DEFAULT 0,
    facts          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (conference_id, kind)
);

CREATE TABLE correspondence_revisions (
    conference_id  INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    number         INTEGER NOT NULL,
    content        TEXT NOT NULL,
    saved_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    saved_at       INTEGER NOT NULL,
    PRIMARY KEY (conference_id, kind, number)
);

-- Each invited unit of a conference: how its invitation is addressed and mailed, the invitation issued,
-- and its nomination link. The link's token is an HMAC of (conference, unit, generation) under the server
-- secret; only its SHA-256 is stored. Revoking ends it; a new link raises the generation.
CREATE TABLE invitation_units (
    conference_id    INTEGER NOT NULL REFERENCES conferences (id) ON DELETE CASCADE,
    unit_id          INTEGER NOT NULL REFERENCES units (id) ON DELETE CASCADE,
    addressee        TEXT NOT NULL DEFAULT '',
    email            TEXT NOT NULL DEFAULT '',
    document_id      INTEGER REFERENCES outgoing_documents (id),
    link_generation  INTEGER NOT NULL DEFAULT 0,
    link_hash        TEXT,
    link_revoked     INTEGER NOT NULL DEFAULT 0 CHECK (link_revoked IN (0, 1)),
    PRIMARY KEY (conference_id, unit_id)
);
CREATE UNIQUE INDEX invitation_units_link ON invitation_units (link_hash) WHERE link_hash IS NOT NULL;

-- A message may carry an issued document as its attachment (made again from the register when sent).
ALTER TABLE outbox ADD COLUMN document_id INTEGER REFERENCES outgoing_documents (id);

-- When a recommendation was answered, and the letter that carried the answer.
ALTER TABLE recommendations ADD COLUMN answered_on TEXT;
ALTER TABLE recommendations ADD COLUMN answer_document_id INTEGER REFERENCES outgoing_documents (id);
