-- +goose Up
-- Personal calendar feeds (issue 3). The feed URL carries a random token;
-- only its SHA-256 is stored, like login tokens, so a copy of the database
-- does not let anyone read a delegate's programme. Revoking sets revoked_at
-- and the URL stops working at once.

CREATE TABLE calendar_feeds (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash BLOB    NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    created_at TEXT    NOT NULL,
    revoked_at TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX calendar_feeds_user_id ON calendar_feeds (user_id);

-- +goose Down
-- Forward-only: Convene never migrates down.
