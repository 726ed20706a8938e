-- +goose Up
-- What each published version of a programme looked like (issue 16).
-- Publishing copies every session of the working draft here under the new
-- version; visitors, delegates, focal points and every calendar feed read
-- the meeting's latest version from this table, the secretariat and the
-- organisers the draft in sessions. session_id is the draft session's id
-- but not a foreign key: a session deleted from the draft stays in the
-- published version until the next publication. The room's name is kept as
-- published; room_id only links back. sequence is the event's SEQUENCE in
-- the feeds: 0 when first published, one more in each version in which the
-- session changed (convene.PublishedSequence).

CREATE TABLE published_sessions (
    version_id     INTEGER NOT NULL REFERENCES programme_versions (id) ON DELETE CASCADE,
    session_id     INTEGER NOT NULL CHECK (session_id > 0),
    title          TEXT    NOT NULL CHECK (title <> ''),
    kind           TEXT    NOT NULL CHECK (kind IN ('plenary', 'retreat', 'working_group', 'meal', 'ceremony',
                                                    'family_photo', 'bilateral', 'break', 'transfer', 'internal')),
    starts_at      TEXT    NOT NULL,
    ends_at        TEXT    NOT NULL,
    room_id        INTEGER REFERENCES rooms (id) ON DELETE SET NULL,
    room_name      TEXT    NOT NULL DEFAULT '',
    attendance     TEXT    NOT NULL CHECK (attendance IN ('heads', 'heads_plus', 'delegations', 'secretariat')),
    heads_plus     INTEGER NOT NULL DEFAULT 0 CHECK (heads_plus BETWEEN 0 AND 20),
    visibility     TEXT    NOT NULL CHECK (visibility IN ('public', 'delegates', 'internal')),
    public_notes   TEXT    NOT NULL DEFAULT '',
    internal_notes TEXT    NOT NULL DEFAULT '',
    cancelled      INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
    sequence       INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    PRIMARY KEY (version_id, session_id),
    CHECK (ends_at > starts_at)
) STRICT;
CREATE INDEX published_sessions_room_id ON published_sessions (room_id);

-- +goose Down
-- Forward-only: Convene never migrates down.
