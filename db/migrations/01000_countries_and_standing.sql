-- +goose Up
-- Reference data every installation needs (issue 15, DESIGN.md rule 12):
-- the participants of the ADMM cycle and their standing over time, shipped
-- here rather than in the demo, so that `convene serve` on a new database
-- can create meetings and focal points at once.
--
-- A country's standing changes over time: Timor-Leste was an observer at
-- the ADMM Retreat of February 2025 and became the 11th ASEAN Member State on
-- 26 October 2025. Standing is therefore stored with dates, and protocol
-- order is computed by convene.CompareProtocol from names and the standing on
-- a meeting's first day. The stored protocol_rank (which could disagree with
-- that function) and the observer flag (whose truth is now the dated
-- standing) are dropped. Neither column is indexed, part of a key or named by
-- another table, and observer's CHECK is its own, so DROP COLUMN works inside
-- goose's transaction and no table rebuild touches the foreign keys of
-- users, meetings, delegations and holidays.

ALTER TABLE countries DROP COLUMN protocol_rank;
ALTER TABLE countries DROP COLUMN observer;

-- Official English short names as ASEAN uses them, ISO 3166-1 alpha-3
-- codes. The ASEAN Secretariat has no country code: it takes XAS from the
-- user-assigned range XAA-XZZ, which no real country will ever get, so that
-- URLs and foreign keys keep one key for every participant. A database made
-- before this migration (the demo's) already has the eleven ASEAN rows:
-- upserting by code keeps their ids, so users, meetings, delegations and
-- holidays still point at the same countries.
INSERT INTO countries (iso3, name) VALUES
    ('BRN', 'Brunei Darussalam'),
    ('KHM', 'Cambodia'),
    ('IDN', 'Indonesia'),
    ('LAO', 'Lao PDR'),
    ('MYS', 'Malaysia'),
    ('MMR', 'Myanmar'),
    ('PHL', 'Philippines'),
    ('SGP', 'Singapore'),
    ('THA', 'Thailand'),
    ('VNM', 'Viet Nam'),
    ('TLS', 'Timor-Leste'),
    ('AUS', 'Australia'),
    ('CHN', 'China'),
    ('IND', 'India'),
    ('JPN', 'Japan'),
    ('NZL', 'New Zealand'),
    ('KOR', 'Republic of Korea'),
    ('RUS', 'Russian Federation'),
    ('USA', 'United States'),
    ('XAS', 'ASEAN Secretariat')
ON CONFLICT (iso3) DO UPDATE SET name = excluded.name;

-- One row per span of days a country held a standing. valid_from and
-- valid_to are both included; valid_to is NULL while the standing holds.
-- convene.StandingOn answers "what was this country on that day";
-- convene.ValidateStandingPeriods (checked by the store's tests on this data)
-- keeps a country's periods from overlapping.
CREATE TABLE country_standings (
    id         INTEGER PRIMARY KEY,
    country_id INTEGER NOT NULL REFERENCES countries (id) ON DELETE CASCADE,
    standing   TEXT    NOT NULL CHECK (standing IN ('member', 'observer', 'partner', 'organisation')),
    valid_from TEXT    NOT NULL CHECK (length(valid_from) = 10),
    valid_to   TEXT    CHECK (valid_to IS NULL OR (length(valid_to) = 10 AND valid_to >= valid_from)),
    UNIQUE (country_id, valid_from)
) STRICT;

-- Member States from their accession: the five founders by the Bangkok
-- Declaration (8 August 1967), Brunei Darussalam 7 January 1984, Viet Nam
-- 28 July 1995, Lao PDR and Myanmar 23 July 1997, Cambodia 30 April 1999.
-- Timor-Leste: observer from the ASEAN Leaders' statement of 11 November
-- 2022 until its admission as the 11th Member State on 26 October 2025.
-- The ADMM-Plus partners from the first ADMM-Plus (Ha Noi, 12 October 2010).
-- The ASEAN Secretariat from its establishment (Bali, 24 February 1976).
INSERT INTO country_standings (country_id, standing, valid_from, valid_to)
SELECT c.id, v.column2, v.column3, v.column4
FROM (VALUES
    ('IDN', 'member', '1967-08-08', NULL),
    ('MYS', 'member', '1967-08-08', NULL),
    ('PHL', 'member', '1967-08-08', NULL),
    ('SGP', 'member', '1967-08-08', NULL),
    ('THA', 'member', '1967-08-08', NULL),
    ('BRN', 'member', '1984-01-07', NULL),
    ('VNM', 'member', '1995-07-28', NULL),
    ('LAO', 'member', '1997-07-23', NULL),
    ('MMR', 'member', '1997-07-23', NULL),
    ('KHM', 'member', '1999-04-30', NULL),
    ('TLS', 'observer', '2022-11-11', '2025-10-25'),
    ('TLS', 'member', '2025-10-26', NULL),
    ('AUS', 'partner', '2010-10-12', NULL),
    ('CHN', 'partner', '2010-10-12', NULL),
    ('IND', 'partner', '2010-10-12', NULL),
    ('JPN', 'partner', '2010-10-12', NULL),
    ('NZL', 'partner', '2010-10-12', NULL),
    ('KOR', 'partner', '2010-10-12', NULL),
    ('RUS', 'partner', '2010-10-12', NULL),
    ('USA', 'partner', '2010-10-12', NULL),
    ('XAS', 'organisation', '1976-02-24', NULL)
) AS v JOIN countries c ON c.iso3 = v.column1;

-- The store keeps the countries and their periods in memory between reads
-- (they are read on every meeting page) and checks, in the row it reads
-- anyway, that this version is still the one it read them at. Every change
-- to either table bumps it, whoever makes it, so the memory can never
-- disagree with the tables.
CREATE TABLE reference_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
) STRICT;
INSERT INTO reference_version (id, version) VALUES (1, 1);

-- +goose StatementBegin
CREATE TRIGGER countries_insert_version AFTER INSERT ON countries
BEGIN UPDATE reference_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER countries_update_version AFTER UPDATE ON countries
BEGIN UPDATE reference_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER countries_delete_version AFTER DELETE ON countries
BEGIN UPDATE reference_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER country_standings_insert_version AFTER INSERT ON country_standings
BEGIN UPDATE reference_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER country_standings_update_version AFTER UPDATE ON country_standings
BEGIN UPDATE reference_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER country_standings_delete_version AFTER DELETE ON country_standings
BEGIN UPDATE reference_version SET version = version + 1; END;
-- +goose StatementEnd

-- +goose Down
-- Forward-only: Convene never migrates down.
