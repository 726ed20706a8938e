-- +goose Up
-- Accounts fit for a defence ministry (issue 22): a second factor, one-time
-- recovery codes, password reset by e-mail.

-- The authenticator (TOTP, RFC 6238) secret, encrypted by the web layer with
-- a key derived from the server secret, which the database does not hold:
-- a copy of this file or a backup does not let anyone compute codes. ''
-- means the second factor is off. totp_last_step is the last 30-second step
-- whose code was accepted, so that no code is accepted twice.
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0 CHECK (totp_last_step >= 0);

-- Whether a login passed a second factor: where one is required (secretariat
-- accounts under `convene serve`), a login made without it is not honoured.
ALTER TABLE logins ADD COLUMN second_factor INTEGER NOT NULL DEFAULT 0 CHECK (second_factor IN (0, 1));

-- One-time recovery codes: 80 random bits each, stored as SHA-256 (enough
-- for that many bits; see convene.NewRecoveryCodes), shown once.
CREATE TABLE recovery_codes (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  BLOB    NOT NULL CHECK (length(code_hash) = 32),
    created_at TEXT    NOT NULL,
    used_at    TEXT    NOT NULL DEFAULT '',
    UNIQUE (user_id, code_hash)
) STRICT;

-- Password-reset links: single use, one hour; only the token's SHA-256 is
-- stored. A reset signs the account out everywhere.
CREATE TABLE password_resets (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash BLOB    NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL,
    used_at    TEXT    NOT NULL DEFAULT '',
    CHECK (expires_at > created_at)
) STRICT;
CREATE INDEX password_resets_user_id ON password_resets (user_id, created_at);
CREATE INDEX password_resets_created_by ON password_resets (created_by);

-- The reset link goes through the outbox like every mail, so its kind joins
-- the outbox's list. Until now the list was a CHECK constraint, which SQLite
-- cannot change: every new kind rebuilt the table, and two branches that
-- each rebuilt it from their own copy lost each other's kinds and columns.
-- The kinds now live in a reference table that the outbox's kind refers to:
-- still only known kinds can be stored (foreign_keys is on for every
-- connection), and a new kind is one INSERT in its own migration. The table
-- is rebuilt once more (create, copy, drop, rename) with every column it has
-- by now (01600's lease) and its indexes; nothing references the outbox.
CREATE TABLE mail_kinds (
    kind TEXT PRIMARY KEY CHECK (kind <> '' AND kind = lower(kind))
) STRICT;
INSERT INTO mail_kinds (kind) VALUES
    ('invitation'), ('link'), ('submitted'), ('returned'), ('accredited'), ('rejected'),
    ('focal_accredited'), ('focal_returned'), ('focal_rejected'), ('focal_promoted'),
    ('change_approved'), ('change_declined'), ('delegation_submitted'), ('change_proposed'),
    ('password_reset');

CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY,
    meeting_id      INTEGER REFERENCES meetings (id) ON DELETE CASCADE,
    delegate_id     INTEGER REFERENCES delegates (id) ON DELETE SET NULL,
    kind            TEXT    NOT NULL REFERENCES mail_kinds (kind) ON DELETE RESTRICT,
    to_addr         TEXT    NOT NULL CHECK (to_addr <> ''),
    subject         TEXT    NOT NULL CHECK (subject <> ''),
    body            TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TEXT    NOT NULL,
    sent_at         TEXT    NOT NULL DEFAULT '',
    last_error      TEXT    NOT NULL DEFAULT '',
    claimed_by      TEXT    NOT NULL DEFAULT '',
    lease_until     TEXT    NOT NULL DEFAULT ''
) STRICT;
INSERT INTO outbox_new (id, meeting_id, delegate_id, kind, to_addr, subject, body, created_at, attempts,
                        next_attempt_at, sent_at, last_error, claimed_by, lease_until)
SELECT id, meeting_id, delegate_id, kind, to_addr, subject, body, created_at, attempts,
       next_attempt_at, sent_at, last_error, claimed_by, lease_until FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_meeting_id ON outbox (meeting_id);
CREATE INDEX outbox_delegate_id ON outbox (delegate_id);
CREATE INDEX outbox_kind ON outbox (kind);
CREATE INDEX outbox_pending ON outbox (sent_at, next_attempt_at);

-- +goose Down
-- Forward-only: Convene never migrates down.
