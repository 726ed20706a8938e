-- +goose NO TRANSACTION
-- +goose Up
-- Meeting kinds of the ADMM-Plus track (issue 19): ADSOM-Plus, the
-- ADSOM-Plus Working Group, and the seven ADMM-Plus Experts' Working
-- Groups, one kind each (maritime security, counter-terrorism, HADR,
-- peacekeeping operations, military medicine, humanitarian mine action,
-- cyber security: convene.MeetingKinds says why one kind per group).
--
-- SQLite cannot change a CHECK constraint, so the meetings table is
-- rebuilt (create, copy, drop, rename) with its indexes. Many tables
-- reference meetings with ON DELETE CASCADE: with foreign keys on, DROP
-- TABLE meetings would first delete every meeting and cascade to their
-- delegations, programmes and outbox. This follows SQLite's own procedure
-- for such changes (https://sqlite.org/lang_altertable.html, "Making Other
-- Kinds Of Table Schema Changes"): foreign keys off outside any
-- transaction (the PRAGMA is a no-op inside one, hence NO TRANSACTION: this
-- runs on goose's one connection, which is the writer's only one), one
-- BEGIN IMMEDIATE ... COMMIT around the rebuild, the new table renamed to
-- the old name (so that the other tables' REFERENCES meetings find it),
-- and a foreign-key check before committing: the temporary table's CHECK
-- fails the migration, and the transaction is never committed, if any row
-- anywhere points at nothing. Foreign keys are turned back on for the
-- connection, which the store goes on using.
--
-- The columns and indexes are those of migrations 00001 and 00901; a
-- later change to meetings must carry them over too.
PRAGMA foreign_keys = OFF;

BEGIN IMMEDIATE;

CREATE TABLE meetings_new (
    id              INTEGER PRIMARY KEY,
    code            TEXT    NOT NULL UNIQUE CHECK (code <> '' AND code = lower(code)),
    title           TEXT    NOT NULL CHECK (title <> ''),
    kind            TEXT    NOT NULL CHECK (kind IN ('admm', 'admm_retreat', 'adsom', 'adsom_wg', 'admm_plus',
                                                     'adsom_plus', 'adsom_plus_wg', 'ewg_ms', 'ewg_ct', 'ewg_hadr',
                                                     'ewg_pko', 'ewg_mm', 'ewg_hma', 'ewg_cyber', 'other')),
    host_country_id INTEGER NOT NULL REFERENCES countries (id) ON DELETE RESTRICT,
    city            TEXT    NOT NULL DEFAULT '',
    venue_id        INTEGER REFERENCES venues (id) ON DELETE SET NULL,
    time_zone       TEXT    NOT NULL CHECK (time_zone <> ''),
    theme           TEXT    NOT NULL DEFAULT '',
    chair           TEXT    NOT NULL DEFAULT '',
    status          TEXT    NOT NULL CHECK (status IN ('proposed', 'dates_confirmed', 'registration_open',
                                                       'registration_closed', 'held', 'cancelled')),
    date_precision  TEXT    NOT NULL CHECK (date_precision IN ('day', 'month')),
    start_date      TEXT    NOT NULL,
    end_date        TEXT    NOT NULL,
    length_days     INTEGER NOT NULL DEFAULT 1 CHECK (length_days BETWEEN 1 AND 14),
    cluster         TEXT    NOT NULL DEFAULT '',
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    CHECK (end_date >= start_date)
) STRICT;

INSERT INTO meetings_new (id, code, title, kind, host_country_id, city, venue_id, time_zone, theme, chair, status,
                          date_precision, start_date, end_date, length_days, cluster, created_at, updated_at)
SELECT id, code, title, kind, host_country_id, city, venue_id, time_zone, theme, chair, status,
       date_precision, start_date, end_date, length_days, cluster, created_at, updated_at FROM meetings;

DROP TABLE meetings;
ALTER TABLE meetings_new RENAME TO meetings;

CREATE INDEX meetings_host_country_id ON meetings (host_country_id);
CREATE INDEX meetings_venue_id ON meetings (venue_id);
CREATE INDEX meetings_start_date ON meetings (start_date);
CREATE INDEX meetings_cluster ON meetings (cluster);
CREATE INDEX meetings_by_date ON meetings (start_date, date_precision, code, end_date);

CREATE TEMP TABLE meeting_kinds_fk_check (violations INTEGER NOT NULL CHECK (violations = 0));
INSERT INTO meeting_kinds_fk_check SELECT count(*) FROM pragma_foreign_key_check;
DROP TABLE meeting_kinds_fk_check;

COMMIT;

PRAGMA foreign_keys = ON;

-- +goose Down
-- Forward-only: Convene never migrates down.
