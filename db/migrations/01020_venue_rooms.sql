-- +goose Up
-- Venues and rooms set up from an empty database (issue 15).
--
-- A venue records its ISO 3166-2 region ("MY-07" for Pulau Pinang), so that
-- the date planner counts that region's holidays for meetings held there;
-- '' while unknown (national holidays only). convene.ValidVenueRegion
-- checks the code belongs to a country Convene knows.
--
-- A room seats a different number of people in each layout it offers, one
-- row per layout in room_layouts (a layout without a row is not offered).
-- Until now a room had one capacity, "seats in its usual layout", without
-- saying which: it becomes the room's hollow-square capacity, the usual
-- layout of a meeting room of the ADMM cycle, so that every room keeps its
-- number and the programme's "room too small" warning (largest layout when
-- a session names none) gives the same answer as before. The secretariat
-- corrects or adds layouts on the room's page.
--
-- A session may name the layout it uses (sessions.layout, '' for none); the
-- warning then compares with that layout's seats.
--
-- Equipment the secretariat plans interpretation, flags and media by:
-- counts of interpretation booths and screens, and flags, podium and
-- recording as yes or no.

ALTER TABLE venues ADD COLUMN region TEXT NOT NULL DEFAULT ''
    CHECK (region = '' OR region GLOB '[A-Z][A-Z]-*');

CREATE TABLE room_layouts (
    room_id  INTEGER NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    layout   TEXT    NOT NULL CHECK (layout IN ('boardroom', 'hollow_square', 'theatre', 'classroom', 'banquet')),
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    PRIMARY KEY (room_id, layout)
) STRICT;

INSERT INTO room_layouts (room_id, layout, capacity) SELECT id, 'hollow_square', capacity FROM rooms;

ALTER TABLE rooms ADD COLUMN booths INTEGER NOT NULL DEFAULT 0 CHECK (booths BETWEEN 0 AND 20);
ALTER TABLE rooms ADD COLUMN screens INTEGER NOT NULL DEFAULT 0 CHECK (screens BETWEEN 0 AND 20);
ALTER TABLE rooms ADD COLUMN flags INTEGER NOT NULL DEFAULT 0 CHECK (flags IN (0, 1));
ALTER TABLE rooms ADD COLUMN podium INTEGER NOT NULL DEFAULT 0 CHECK (podium IN (0, 1));
ALTER TABLE rooms ADD COLUMN recording INTEGER NOT NULL DEFAULT 0 CHECK (recording IN (0, 1));
ALTER TABLE rooms DROP COLUMN capacity;

ALTER TABLE sessions ADD COLUMN layout TEXT NOT NULL DEFAULT ''
    CHECK (layout IN ('', 'boardroom', 'hollow_square', 'theatre', 'classroom', 'banquet'));

-- +goose Down
-- Forward-only: Convene never migrates down.
