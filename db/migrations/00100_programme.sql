-- +goose Up
-- Programme sessions of a meeting (issue 3). Instants are UTC text like the
-- rest of the schema; the meeting's zone decides how they are shown. A room
-- booked twice is refused by the store inside the writer's immediate
-- transaction unless clash_override records why the secretariat kept it.

CREATE TABLE sessions (
    id             INTEGER PRIMARY KEY,
    meeting_id     INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    title          TEXT    NOT NULL CHECK (title <> ''),
    kind           TEXT    NOT NULL CHECK (kind IN ('plenary', 'retreat', 'working_group', 'meal', 'ceremony',
                                                    'family_photo', 'bilateral', 'break', 'transfer', 'internal')),
    starts_at      TEXT    NOT NULL,
    ends_at        TEXT    NOT NULL,
    room_id        INTEGER REFERENCES rooms (id) ON DELETE SET NULL,
    attendance     TEXT    NOT NULL CHECK (attendance IN ('heads', 'heads_plus', 'delegations', 'secretariat')),
    heads_plus     INTEGER NOT NULL DEFAULT 0 CHECK (heads_plus BETWEEN 0 AND 20),
    visibility     TEXT    NOT NULL CHECK (visibility IN ('public', 'delegates', 'internal')),
    public_notes   TEXT    NOT NULL DEFAULT '',
    internal_notes TEXT    NOT NULL DEFAULT '',
    clash_override TEXT    NOT NULL DEFAULT '',
    -- Bumped on every change so that calendar clients replace their copy.
    sequence       INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    CHECK (ends_at > starts_at)
) STRICT;
CREATE INDEX sessions_meeting_id ON sessions (meeting_id, starts_at);
CREATE INDEX sessions_room_id ON sessions (room_id, starts_at);

-- +goose Down
-- Forward-only: Convene never migrates down.
