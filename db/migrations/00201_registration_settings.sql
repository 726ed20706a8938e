-- +goose Up
-- Per-meeting registration rules the secretariat sets: the deadline after
-- which focal points can no longer add people on their own, and whether an
-- edit after accreditation sends the person back to review. A meeting
-- without a row has no deadline and reviews edits (the safe default).
CREATE TABLE registration_settings (
    meeting_id                 INTEGER PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    deadline                   TEXT    NOT NULL DEFAULT '',
    review_after_accreditation INTEGER NOT NULL DEFAULT 1 CHECK (review_after_accreditation IN (0, 1)),
    updated_at                 TEXT    NOT NULL
) STRICT;

-- +goose Down
-- Forward-only: Convene never migrates down.
