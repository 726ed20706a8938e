-- +goose Up
-- Bilateral meetings on the sidelines of a meeting (issue 7). One row is one
-- request from one delegation to another of the same meeting, through its
-- whole life: requested, answered (accepted, declined or counter-proposed),
-- scheduled into a room and time by the secretariat, then held or cancelled.
-- Instants are UTC text like the rest of the schema. The store checks room
-- and people clashes inside the writer's immediate transaction, so two
-- officers scheduling into one room and time cannot both succeed.

CREATE TABLE bilaterals (
    id              INTEGER PRIMARY KEY,
    meeting_id      INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    requester_id    INTEGER NOT NULL REFERENCES delegations (id) ON DELETE CASCADE,
    counterpart_id  INTEGER NOT NULL REFERENCES delegations (id) ON DELETE CASCADE,
    level           TEXT    NOT NULL CHECK (level IN ('ministers', 'heads', 'senior_officials')),
    duration_min    INTEGER NOT NULL DEFAULT 30 CHECK (duration_min BETWEEN 15 AND 120),
    preferred_day   TEXT    NOT NULL DEFAULT '',
    preferred_times TEXT    NOT NULL DEFAULT '',
    interpretation  TEXT    NOT NULL DEFAULT '',
    flags           INTEGER NOT NULL DEFAULT 0 CHECK (flags IN (0, 1)),
    media           INTEGER NOT NULL DEFAULT 0 CHECK (media IN (0, 1)),
    notes           TEXT    NOT NULL DEFAULT '',
    status          TEXT    NOT NULL CHECK (status IN ('requested', 'accepted', 'declined', 'counter_proposed',
                                                       'scheduled', 'held', 'cancelled')),
    -- The last answer's words: why declined, or the other times proposed.
    response        TEXT    NOT NULL DEFAULT '',
    starts_at       TEXT    NOT NULL DEFAULT '',
    ends_at         TEXT    NOT NULL DEFAULT '',
    room_id         INTEGER REFERENCES rooms (id) ON DELETE SET NULL,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    CHECK (requester_id <> counterpart_id),
    CHECK (status NOT IN ('scheduled', 'held') OR (starts_at <> '' AND ends_at > starts_at))
) STRICT;
CREATE INDEX bilaterals_meeting_id ON bilaterals (meeting_id, status);
CREATE INDEX bilaterals_requester_id ON bilaterals (requester_id);
CREATE INDEX bilaterals_counterpart_id ON bilaterals (counterpart_id);
CREATE INDEX bilaterals_room_id ON bilaterals (room_id, starts_at);

-- +goose Down
-- Forward-only: Convene never migrates down.
