-- Private links (see service/src/registration/link.rs). A link's token is an HMAC of the registration id
-- and `link_generation` under the server secret, so it can be mailed again without replacing it and
-- nothing secret is stored; `token_hash` stays its SHA-256. `previous_token_hash` keeps an older link
-- working until the link that replaced it is first used. Keep in step with the other engine's
-- 0009_private_links.sql.
ALTER TABLE registrations ADD COLUMN link_generation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE registrations ADD COLUMN previous_token_hash TEXT;
CREATE UNIQUE INDEX registrations_previous_token ON registrations (previous_token_hash)
    WHERE previous_token_hash IS NOT NULL;

-- "Send me my link" requests of the last hour, for throttling per email and per client address.
CREATE TABLE link_requests (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    email_key  TEXT NOT NULL,
    client     TEXT NOT NULL,
    at         INTEGER NOT NULL
);
CREATE INDEX link_requests_email ON link_requests (email_key, at);
CREATE INDEX link_requests_client ON link_requests (client, at);

-- Messages written before this migration hold the token itself (`/r/` and 43 characters, then the end of
-- the line); they get the placeholder the sender fills in when it sends. Sent ones were already cut to `/r/…`.
UPDATE outbox
SET body = substr(body, 1, instr(body, '/r/') + 2) || '{private-link}' || substr(body, instr(body, '/r/') + 46)
WHERE kind = 'registered'
    AND instr(body, '/r/') > 0
    AND substr(body, instr(body, '/r/') + 3, 1) <> '…'
    AND substr(body, instr(body, '/r/') + 46, 1) = char(10);
