-- +goose Up
-- The secretariat invites a country's focal point to set up their account
-- through a single-use, expiring link. Only the token's SHA-256 is stored.
CREATE TABLE focal_invitations (
    id            INTEGER PRIMARY KEY,
    delegation_id INTEGER NOT NULL REFERENCES delegations (id) ON DELETE CASCADE,
    email         TEXT    NOT NULL CHECK (email <> '' AND email = lower(email)),
    name          TEXT    NOT NULL CHECK (name <> ''),
    token_hash    BLOB    NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at    TEXT    NOT NULL,
    expires_at    TEXT    NOT NULL,
    used_at       TEXT    NOT NULL DEFAULT '',
    user_id       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    CHECK (expires_at > created_at)
) STRICT;
CREATE INDEX focal_invitations_delegation_id ON focal_invitations (delegation_id);
CREATE INDEX focal_invitations_created_by ON focal_invitations (created_by);
CREATE INDEX focal_invitations_user_id ON focal_invitations (user_id);

-- +goose Down
-- Forward-only: Convene never migrates down.
