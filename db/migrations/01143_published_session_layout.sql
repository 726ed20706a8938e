-- +goose Up
-- A published session keeps the room layout it was published with (rooms
-- have seats per layout since 01020), so the public programme's "room too
-- small" reading and the printed seating agree with what was published.
ALTER TABLE published_sessions ADD COLUMN layout TEXT NOT NULL DEFAULT ''
    CHECK (layout IN ('', 'boardroom', 'hollow_square', 'theatre', 'classroom', 'banquet'));

-- +goose Down
-- Forward-only: Convene never migrates down.
