-- Sign-in back-off and unguessable file addresses.
-- Keep in step with migrations/sqlite/0007_signin_and_access.sql.

-- One row per account ('email:<key>') and per client address ('ip:<address>'): how many attempts have
-- failed in a row and until when the next one must wait. Read and written under a lock in the same
-- transaction that lets an attempt through, so parallel guesses are all counted. Replaces the log of
-- attempts, which was counted and written in separate steps.
DROP TABLE login_attempts;
CREATE TABLE login_throttle (
    key            TEXT PRIMARY KEY,
    failures       BIGINT NOT NULL,
    blocked_until  BIGINT NOT NULL,
    last_at        BIGINT NOT NULL
);
CREATE INDEX login_throttle_last ON login_throttle (last_at);

-- A random key in each file's address, so addresses cannot be counted through. Files stored before this
-- migration keep their numeric address (key NULL): published agenda versions hold it.
ALTER TABLE files ADD COLUMN access_key TEXT;
CREATE UNIQUE INDEX files_access_key ON files (access_key);
