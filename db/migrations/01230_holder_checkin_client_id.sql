-- +goose Up
-- Offline check-in of badge holders (issue 17): the desk decides a badge
-- holder's scan offline as it does a delegate's and sends it later, perhaps
-- more than once. As for checkins (01200), each scan carries the id the desk
-- made for it; a second send finds its row by that id and writes nothing.
-- synced_at is when the server received it ('' for a check-in made online).
ALTER TABLE holder_checkins ADD COLUMN client_id TEXT NOT NULL DEFAULT '';
ALTER TABLE holder_checkins ADD COLUMN synced_at TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX holder_checkins_client_id ON holder_checkins (client_id) WHERE client_id <> '';

-- +goose Down
-- Forward-only: Convene never migrates down.
