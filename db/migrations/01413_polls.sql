-- +goose Up
-- Availability polls (issue 19): the secretariat asks each participating
-- delegation's focal point which of some candidate date ranges of a
-- tentative meeting suit their country. A meeting has at most one poll. It
-- takes answers until the end of closes_on (a day in the meeting's zone) or
-- until a candidate is confirmed: status becomes 'confirmed' with the first
-- day fixed, and the meeting's dates are set in the same transaction.
CREATE TABLE polls (
    id              INTEGER PRIMARY KEY,
    meeting_id      INTEGER NOT NULL UNIQUE REFERENCES meetings (id) ON DELETE CASCADE,
    closes_on       TEXT    NOT NULL CHECK (length(closes_on) = 10),
    status          TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed')),
    confirmed_start TEXT    NOT NULL DEFAULT '',
    created_at      TEXT    NOT NULL,
    closed_at       TEXT    NOT NULL DEFAULT '',
    CHECK (status = 'open' OR length(confirmed_start) = 10)
) STRICT;

-- One date range a poll asks about: the meeting's length from start_date.
CREATE TABLE poll_candidates (
    id         INTEGER PRIMARY KEY,
    poll_id    INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
    start_date TEXT    NOT NULL CHECK (length(start_date) = 10),
    end_date   TEXT    NOT NULL CHECK (length(end_date) = 10),
    UNIQUE (poll_id, start_date),
    CHECK (end_date >= start_date)
) STRICT;

-- One delegation's answer to one candidate; changed in place while the poll
-- is open (every change is in the audit log).
CREATE TABLE poll_answers (
    candidate_id  INTEGER NOT NULL REFERENCES poll_candidates (id) ON DELETE CASCADE,
    delegation_id INTEGER NOT NULL REFERENCES delegations (id) ON DELETE CASCADE,
    answer        TEXT    NOT NULL CHECK (answer IN ('available', 'if_need_be', 'unavailable')),
    comment       TEXT    NOT NULL DEFAULT '',
    answered_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    answered_at   TEXT    NOT NULL,
    PRIMARY KEY (candidate_id, delegation_id)
) STRICT;
CREATE INDEX poll_answers_delegation_id ON poll_answers (delegation_id);
CREATE INDEX poll_answers_answered_by ON poll_answers (answered_by);

-- +goose Down
-- Forward-only: Convene never migrates down.
