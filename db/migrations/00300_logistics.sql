-- +goose Up
-- Venue logistics: hotel room blocks with the delegates assigned to them, and
-- the host's liaison officers. A hotel is a venue of kind 'hotel'; a block is
-- what the host holds at it for one meeting.

CREATE TABLE room_blocks (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    hotel_id    INTEGER NOT NULL REFERENCES venues (id) ON DELETE RESTRICT,
    room_type   TEXT    NOT NULL CHECK (room_type <> ''),
    -- 0 is the best room type (suites for ministers); the proposal fills
    -- better ranks with more senior people first.
    rank        INTEGER NOT NULL DEFAULT 0 CHECK (rank BETWEEN 0 AND 9),
    -- How many people may share one room of this type.
    occupancy   INTEGER NOT NULL DEFAULT 1 CHECK (occupancy BETWEEN 1 AND 4),
    room_count  INTEGER NOT NULL CHECK (room_count BETWEEN 1 AND 2000),
    first_night TEXT    NOT NULL,
    last_night  TEXT    NOT NULL,
    notes       TEXT    NOT NULL DEFAULT '',
    CHECK (last_night >= first_night),
    UNIQUE (meeting_id, hotel_id, room_type)
) STRICT;
CREATE INDEX room_blocks_hotel_id ON room_blocks (hotel_id);

-- One stay per delegate record (a delegate record belongs to one meeting).
-- People with the same non-empty room_label in a block share one room; an
-- empty label is a room of one's own.
CREATE TABLE room_assignments (
    id          INTEGER PRIMARY KEY,
    block_id    INTEGER NOT NULL REFERENCES room_blocks (id) ON DELETE CASCADE,
    delegate_id INTEGER NOT NULL UNIQUE REFERENCES delegates (id) ON DELETE CASCADE,
    room_label  TEXT    NOT NULL DEFAULT '',
    check_in    TEXT    NOT NULL,
    check_out   TEXT    NOT NULL,
    CHECK (check_out > check_in)
) STRICT;
CREATE INDEX room_assignments_block_id ON room_assignments (block_id);

CREATE TABLE liaison_officers (
    id            INTEGER PRIMARY KEY,
    meeting_id    INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    delegation_id INTEGER REFERENCES delegations (id) ON DELETE SET NULL,
    name          TEXT    NOT NULL CHECK (name <> ''),
    mobile        TEXT    NOT NULL DEFAULT '',
    email         TEXT    NOT NULL DEFAULT '',
    languages     TEXT    NOT NULL DEFAULT '',
    notes         TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX liaison_officers_meeting_id ON liaison_officers (meeting_id);
CREATE INDEX liaison_officers_delegation_id ON liaison_officers (delegation_id);

-- +goose Down
-- Forward-only: Convene never migrates down.
