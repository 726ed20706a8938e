-- +goose Up
-- The mail worker claims each due message with a lease before it sends it
-- (issue 21): in one write transaction it sets claimed_by (which worker) and
-- lease_until (until when the claim holds). Another worker, in this process
-- or another one on the same file, does not pick a message whose lease has
-- not run out, and a sent message (sent_at set) is never picked again, so
-- two processes never send the same mail. An empty lease_until sorts before
-- every time: never claimed.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN lease_until TEXT NOT NULL DEFAULT '';

-- +goose Down
-- Forward-only: Convene never migrates down.
