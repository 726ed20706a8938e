-- +goose Up
-- A cancelled session stays in the programme (struck through) and in the
-- calendar feeds as STATUS:CANCELLED, so that subscribers' calendars drop
-- it; it no longer books its room or its people.
ALTER TABLE sessions ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1));

-- +goose Down
-- Forward-only: Convene never migrates down.
