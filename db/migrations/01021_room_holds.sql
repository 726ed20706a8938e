-- +goose Up
-- Room holds (issue 15): a room of a meeting's venue kept from start to end
-- for something that is not a programme session: set-up or teardown, a
-- delegation's office, the media centre, the secretariat's office. A hold
-- books its room like a session (the clash rules read sessions, holds and
-- scheduled bilaterals as one kind of booking) but takes nobody's time.
-- Instants are UTC text like the rest of the schema; forms show them in
-- the venue's zone. clash_override records why the secretariat kept the
-- room booked twice, as for sessions.
--
-- Until now the secretariat kept a room by adding an "Internal / blocker"
-- session (kind 'internal'). Those that book a room move here, as holds for
-- the secretariat's office with the session's title, notes and times, and
-- leave the programme, so that holds live in one table. An internal session
-- without a room books nothing and stays in the programme.

CREATE TABLE room_holds (
    id             INTEGER PRIMARY KEY,
    meeting_id     INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    room_id        INTEGER NOT NULL REFERENCES rooms (id) ON DELETE RESTRICT,
    kind           TEXT    NOT NULL CHECK (kind IN ('setup', 'delegation_office', 'media_centre', 'secretariat_office')),
    starts_at      TEXT    NOT NULL,
    ends_at        TEXT    NOT NULL,
    label          TEXT    NOT NULL CHECK (label <> ''),
    delegation_id  INTEGER REFERENCES delegations (id) ON DELETE SET NULL,
    notes          TEXT    NOT NULL DEFAULT '',
    clash_override TEXT    NOT NULL DEFAULT '',
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    CHECK (ends_at > starts_at)
) STRICT;
CREATE INDEX room_holds_meeting_id ON room_holds (meeting_id, starts_at);
CREATE INDEX room_holds_room_id ON room_holds (room_id, starts_at);
CREATE INDEX room_holds_delegation_id ON room_holds (delegation_id);

INSERT INTO room_holds (meeting_id, room_id, kind, starts_at, ends_at, label, notes, clash_override, created_at, updated_at)
    SELECT meeting_id, room_id, 'secretariat_office', starts_at, ends_at, title, internal_notes, clash_override,
           created_at, updated_at
    FROM sessions WHERE kind = 'internal' AND room_id IS NOT NULL;
DELETE FROM sessions WHERE kind = 'internal' AND room_id IS NOT NULL;

-- +goose Down
-- Forward-only: Convene never migrates down.
