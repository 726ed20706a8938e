-- +goose Up
-- Delegations, registration and accreditation (issue 4). The foundation's
-- delegates table gains what an accreditation desk needs beyond names:
-- date of birth, travel, the reason a person was returned or rejected, and
-- a consent stamp from the data-protection notice. New tables hold the
-- personal registration links and the e-mail outbox.

ALTER TABLE delegates ADD COLUMN date_of_birth TEXT NOT NULL DEFAULT '';
ALTER TABLE delegates ADD COLUMN arrival_flight TEXT NOT NULL DEFAULT '';
-- Arrival and departure instants are UTC text like every instant; the form
-- takes them in the meeting's zone and names it.
ALTER TABLE delegates ADD COLUMN arrival_at TEXT NOT NULL DEFAULT '';
ALTER TABLE delegates ADD COLUMN departure_flight TEXT NOT NULL DEFAULT '';
ALTER TABLE delegates ADD COLUMN departure_at TEXT NOT NULL DEFAULT '';
ALTER TABLE delegates ADD COLUMN status_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE delegates ADD COLUMN consent_at TEXT NOT NULL DEFAULT '';

-- Quota checks and the accreditation queue look delegates up by status.
CREATE INDEX delegates_status ON delegates (delegation_id, status, waitlist_pos);

-- A personal link lets a delegate complete their own details without an
-- account. The URL carries a random token; only its SHA-256 is stored, so a
-- copy of the database does not open anyone's form.
CREATE TABLE registration_links (
    id          INTEGER PRIMARY KEY,
    delegate_id INTEGER NOT NULL REFERENCES delegates (id) ON DELETE CASCADE,
    token_hash  BLOB    NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  TEXT    NOT NULL,
    expires_at  TEXT    NOT NULL,
    last_used_at TEXT   NOT NULL DEFAULT '',
    revoked     INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
    CHECK (expires_at > created_at)
) STRICT;
CREATE INDEX registration_links_delegate_id ON registration_links (delegate_id);
CREATE INDEX registration_links_created_by ON registration_links (created_by);

-- The outbox: every notification is queued in the same transaction as the
-- change it reports, and a worker sends it; nothing is lost on restart
-- because a message leaves the table only by being marked sent.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    meeting_id      INTEGER REFERENCES meetings (id) ON DELETE CASCADE,
    delegate_id     INTEGER REFERENCES delegates (id) ON DELETE SET NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('invitation', 'link', 'submitted', 'returned',
                                                     'accredited', 'rejected')),
    to_addr         TEXT    NOT NULL CHECK (to_addr <> ''),
    subject         TEXT    NOT NULL CHECK (subject <> ''),
    body            TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TEXT    NOT NULL,
    sent_at         TEXT    NOT NULL DEFAULT '',
    last_error      TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX outbox_meeting_id ON outbox (meeting_id);
CREATE INDEX outbox_delegate_id ON outbox (delegate_id);
CREATE INDEX outbox_pending ON outbox (sent_at, next_attempt_at);

-- +goose Down
-- Forward-only: Convene never migrates down.
