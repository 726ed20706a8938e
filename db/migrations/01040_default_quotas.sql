-- +goose Up
-- The number of places a new delegation of a meeting gets, chosen by the
-- secretariat when it creates the meeting and changed on the delegations
-- page. A meeting without a row uses convene.DefaultQuota. Each delegation
-- keeps its own quota in delegations.quota (one fact, one store): this is
-- only what the next delegation added starts with.
CREATE TABLE meeting_default_quotas (
    meeting_id    INTEGER PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    default_quota INTEGER NOT NULL CHECK (default_quota BETWEEN 0 AND 200),
    updated_at    TEXT    NOT NULL
) STRICT;

-- +goose Down
-- Forward-only: Convene never migrates down.
