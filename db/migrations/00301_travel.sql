-- +goose Up
-- Travel and airport transfers. A travel leg is one person's arrival or
-- departure flight; a transfer run is one vehicle between an airport and the
-- hotels. A passenger row keeps the flight and time the run was planned for,
-- so that a later change to the leg flags the run instead of silently
-- leaving someone at the airport.

CREATE TABLE travel_legs (
    id          INTEGER PRIMARY KEY,
    delegate_id INTEGER NOT NULL REFERENCES delegates (id) ON DELETE CASCADE,
    direction   TEXT    NOT NULL CHECK (direction IN ('arrival', 'departure')),
    at          TEXT    NOT NULL CHECK (at <> ''),
    flight      TEXT    NOT NULL DEFAULT '',
    airport     TEXT    NOT NULL CHECK (length(airport) = 3 AND airport = upper(airport)),
    terminal    TEXT    NOT NULL DEFAULT '',
    updated_at  TEXT    NOT NULL,
    UNIQUE (delegate_id, direction)
) STRICT;
CREATE INDEX travel_legs_at ON travel_legs (at);

CREATE TABLE transfer_runs (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    direction   TEXT    NOT NULL CHECK (direction IN ('arrival', 'departure')),
    airport     TEXT    NOT NULL CHECK (length(airport) = 3),
    departs_at  TEXT    NOT NULL,
    vehicle     TEXT    NOT NULL CHECK (vehicle IN ('car', 'van', 'bus')),
    capacity    INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 60),
    dedicated   INTEGER NOT NULL DEFAULT 0 CHECK (dedicated IN (0, 1)),
    driver      TEXT    NOT NULL DEFAULT '',
    plate       TEXT    NOT NULL DEFAULT '',
    destination TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX transfer_runs_meeting_id ON transfer_runs (meeting_id, departs_at);

CREATE TABLE transfer_passengers (
    run_id      INTEGER NOT NULL REFERENCES transfer_runs (id) ON DELETE CASCADE,
    delegate_id INTEGER NOT NULL REFERENCES delegates (id) ON DELETE CASCADE,
    direction   TEXT    NOT NULL CHECK (direction IN ('arrival', 'departure')),
    flight      TEXT    NOT NULL DEFAULT '',
    at          TEXT    NOT NULL,
    PRIMARY KEY (run_id, delegate_id),
    UNIQUE (delegate_id, direction)
) STRICT;
CREATE INDEX transfer_passengers_delegate_id ON transfer_passengers (delegate_id);

-- +goose Down
-- Forward-only: Convene never migrates down.
