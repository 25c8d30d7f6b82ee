-- Private calendar feeds. A feed address is the owner's id, a generation number and an HMAC of both
-- under the server secret (see service/src/calendar/tokens.rs), so nothing secret is stored and the
-- address can be shown again at any time; resetting it raises the generation, which revokes the old one.
-- Keep in step with the other engine's 0004_calendar.sql.
ALTER TABLE registrations ADD COLUMN calendar_generation BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN calendar_generation BIGINT NOT NULL DEFAULT 0;
