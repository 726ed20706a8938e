-- +goose Up
-- Holidays of one state or region only (issue 19): Thaipusam in Pulau
-- Pinang (MY-07), Boun That Luang in Vientiane Capital (LA-VT). region is
-- the ISO 3166-2 code, '' for a national holiday; convene.ValidRegion checks
-- it belongs to the row's country. The same holiday can be kept in several
-- states on one day, so region joins the unique key: SQLite cannot change a
-- table's constraints, so the table is rebuilt (create, copy, drop, rename)
-- and its index made again. Nothing references holidays.

CREATE TABLE holidays_new (
    id         INTEGER PRIMARY KEY,
    country_id INTEGER NOT NULL REFERENCES countries (id) ON DELETE CASCADE,
    day        TEXT    NOT NULL CHECK (length(day) = 10),
    name       TEXT    NOT NULL CHECK (name <> ''),
    verified   INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
    source     TEXT    NOT NULL DEFAULT '',
    region     TEXT    NOT NULL DEFAULT '' CHECK (region = '' OR region GLOB '[A-Z][A-Z]-*'),
    UNIQUE (country_id, region, day, name)
) STRICT;

INSERT INTO holidays_new (id, country_id, day, name, verified, source, region)
    SELECT id, country_id, day, name, verified, source, '' FROM holidays;

DROP TABLE holidays;
ALTER TABLE holidays_new RENAME TO holidays;
CREATE INDEX holidays_day ON holidays (day);

-- +goose Down
-- Forward-only: Convene never migrates down.
