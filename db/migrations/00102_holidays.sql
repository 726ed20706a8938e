-- +goose Up
-- National public holidays (issue 3), for the date planner. Seeded from
-- db/seed/holidays_YYYY.csv and importable for other years. verified says
-- whether the row was checked against a published list.

CREATE TABLE holidays (
    id         INTEGER PRIMARY KEY,
    country_id INTEGER NOT NULL REFERENCES countries (id) ON DELETE CASCADE,
    day        TEXT    NOT NULL CHECK (length(day) = 10),
    name       TEXT    NOT NULL CHECK (name <> ''),
    verified   INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
    source     TEXT    NOT NULL DEFAULT '',
    UNIQUE (country_id, day, name)
) STRICT;
CREATE INDEX holidays_day ON holidays (day);

-- +goose Down
-- Forward-only: Convene never migrates down.
