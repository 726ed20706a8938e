-- +goose Up
-- Published versions of a meeting's programme (issue 3). Publishing records
-- the moment; sessions changed after the latest version show as "changed
-- since version N" until the programme is published again.

CREATE TABLE programme_versions (
    id           INTEGER PRIMARY KEY,
    meeting_id   INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL CHECK (version > 0),
    published_at TEXT    NOT NULL,
    published_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    note         TEXT    NOT NULL DEFAULT '',
    UNIQUE (meeting_id, version)
) STRICT;
CREATE INDEX programme_versions_published_by ON programme_versions (published_by);

-- +goose Down
-- Forward-only: Convene never migrates down.
