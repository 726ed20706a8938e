-- +goose Up
-- A scheduled bilateral goes into its attendees' calendar feeds (issue 16)
-- under a stable UID; like a session, its change counter is the event's
-- SEQUENCE, so that calendar clients replace their copy when it is moved
-- or cancelled.
ALTER TABLE bilaterals ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0);

-- +goose Down
-- Forward-only: Convene never migrates down.
