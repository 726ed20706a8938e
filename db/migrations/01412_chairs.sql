-- +goose Up
-- The chair of each year (issue 19). The ASEAN chairmanship, and with it the
-- ADMM's, rotates among the Member States; the chair of a year hosts and
-- chairs its ADMM, ADMM Retreat, ADSOM and ADSOM Working Group. A row is a
-- year someone entered: recorded (announced) or proposed (expected, not yet
-- announced). Years without a row after the first one are proposed by
-- Convene from the rotation when read (convene.ChairRotation), so they
-- follow whatever is entered before them. The years already announced ship
-- here as reference data (DESIGN.md rule 12): Malaysia 2025, the
-- Philippines 2026 (taking the turn Myanmar deferred), Singapore 2027.
CREATE TABLE chairs (
    year       INTEGER PRIMARY KEY CHECK (year BETWEEN 1976 AND 2200),
    country_id INTEGER NOT NULL REFERENCES countries (id) ON DELETE RESTRICT,
    status     TEXT    NOT NULL CHECK (status IN ('recorded', 'proposed')),
    note       TEXT    NOT NULL DEFAULT '',
    updated_at TEXT    NOT NULL
) STRICT;
CREATE INDEX chairs_country_id ON chairs (country_id);

INSERT INTO chairs (year, country_id, status, note, updated_at)
SELECT v.column1, c.id, 'recorded', v.column3, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM (VALUES
    (2025, 'MYS', 'ASEAN Chairmanship 2025'),
    (2026, 'PHL', 'ASEAN Chairmanship 2026, taking the turn Myanmar deferred'),
    (2027, 'SGP', 'ASEAN Chairmanship 2027')
) AS v JOIN countries c ON c.iso3 = v.column2;

-- The co-chairs of each ADMM-Plus Experts' Working Group for a three-year
-- cycle from first_year: one Member State and one Plus partner
-- (convene.CheckCochairs checks their standing). None ship: the
-- secretariat records them on the chairs page.
CREATE TABLE ewg_cochairs (
    kind               TEXT    NOT NULL CHECK (kind IN ('ewg_ms', 'ewg_ct', 'ewg_hadr', 'ewg_pko', 'ewg_mm',
                                                        'ewg_hma', 'ewg_cyber')),
    first_year         INTEGER NOT NULL CHECK (first_year BETWEEN 1976 AND 2200),
    member_country_id  INTEGER NOT NULL REFERENCES countries (id) ON DELETE RESTRICT,
    partner_country_id INTEGER NOT NULL REFERENCES countries (id) ON DELETE RESTRICT,
    updated_at         TEXT    NOT NULL,
    PRIMARY KEY (kind, first_year)
) STRICT;
CREATE INDEX ewg_cochairs_member_country_id ON ewg_cochairs (member_country_id);
CREATE INDEX ewg_cochairs_partner_country_id ON ewg_cochairs (partner_country_id);

-- +goose Down
-- Forward-only: Convene never migrates down.
