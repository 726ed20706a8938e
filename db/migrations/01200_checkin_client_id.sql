-- +goose Up
-- Offline check-in (issue 17): the desk queues scans while the venue's
-- network is down and sends them later, perhaps more than once. Each scan
-- carries the id the desk made for it (crypto.randomUUID); a second send of
-- the same scan finds its row by that id and writes nothing. The row's `at`
-- is the scan's time; synced_at is when the server received it ('' for a
-- check-in made online).
ALTER TABLE checkins ADD COLUMN client_id TEXT NOT NULL DEFAULT '';
ALTER TABLE checkins ADD COLUMN synced_at TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX checkins_client_id ON checkins (client_id) WHERE client_id <> '';

-- +goose Down
-- Forward-only: Convene never migrates down.
