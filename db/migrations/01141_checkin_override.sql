-- +goose Up
-- Check-in against a session's attendance rule (issue 16). A person the
-- rule does not admit (a delegate at a heads-only session) is admitted only
-- when the desk officer overrides with a reason; the row then records that
-- it was an override, the officer's name as it was at that moment (by_user_id
-- is cleared if the account is ever deleted) and the reason.
ALTER TABLE checkins ADD COLUMN override INTEGER NOT NULL DEFAULT 0 CHECK (override IN (0, 1));
ALTER TABLE checkins ADD COLUMN override_by TEXT NOT NULL DEFAULT '';
ALTER TABLE checkins ADD COLUMN override_reason TEXT NOT NULL DEFAULT '';

-- +goose Down
-- Forward-only: Convene never migrates down.
