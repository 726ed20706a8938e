-- +goose Up
-- The foundation schema. Every table is STRICT, every foreign key says what
-- happens on delete and has an index (SQLite does not index them by itself),
-- and enumerations are CHECK constraints so that bad values cannot be stored
-- even by a bug. Instants are TEXT in UTC ("2025-02-26T01:00:00.000Z"), which
-- sorts correctly; calendar days are TEXT "YYYY-MM-DD".

CREATE TABLE countries (
    id            INTEGER PRIMARY KEY,
    iso3          TEXT    NOT NULL UNIQUE CHECK (length(iso3) = 3 AND iso3 = upper(iso3)),
    name          TEXT    NOT NULL CHECK (name <> ''),
    observer      INTEGER NOT NULL DEFAULT 0 CHECK (observer IN (0, 1)),
    -- Position in protocol order, computed by convene.RankCountries: SQL
    -- orders by it and never decides the order itself.
    protocol_rank INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE CHECK (email = lower(email) AND email <> ''),
    name          TEXT    NOT NULL CHECK (name <> ''),
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'officer', 'organiser', 'focal', 'delegate')),
    country_id    INTEGER REFERENCES countries (id) ON DELETE RESTRICT,
    delegate_id   INTEGER REFERENCES delegates (id) ON DELETE SET NULL,
    password_hash TEXT    NOT NULL DEFAULT '',
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    -- Bumped on every password or role change; logins made under an older
    -- version stop working on their next request.
    auth_version  INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    CHECK (role <> 'focal' OR country_id IS NOT NULL)
) STRICT;
CREATE INDEX users_country_id ON users (country_id);
CREATE INDEX users_delegate_id ON users (delegate_id);

-- A login is the server-side half of a signed-in browser: the cookie holds a
-- random token, this row holds its SHA-256, so a copy of the database does
-- not let anyone sign in. Deleting the row signs the browser out at once.
CREATE TABLE logins (
    id           INTEGER PRIMARY KEY,
    token_hash   BLOB    NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    auth_version INTEGER NOT NULL,
    created_at   TEXT    NOT NULL,
    last_seen_at TEXT    NOT NULL
) STRICT;
CREATE INDEX logins_user_id ON logins (user_id);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    user_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    action      TEXT    NOT NULL CHECK (action <> ''),
    entity      TEXT    NOT NULL CHECK (entity <> ''),
    entity_id   INTEGER NOT NULL DEFAULT 0,
    summary     TEXT    NOT NULL DEFAULT '',
    client_addr TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX audit_log_user_id ON audit_log (user_id);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

CREATE TABLE venues (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL CHECK (name <> ''),
    kind      TEXT NOT NULL DEFAULT 'hotel' CHECK (kind IN ('hotel', 'convention_centre', 'other')),
    city      TEXT NOT NULL DEFAULT '',
    address   TEXT NOT NULL DEFAULT '',
    map_url   TEXT NOT NULL DEFAULT '',
    notes     TEXT NOT NULL DEFAULT '',
    time_zone TEXT NOT NULL CHECK (time_zone <> '')
) STRICT;

CREATE TABLE rooms (
    id       INTEGER PRIMARY KEY,
    venue_id INTEGER NOT NULL REFERENCES venues (id) ON DELETE CASCADE,
    name     TEXT    NOT NULL CHECK (name <> ''),
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    notes    TEXT    NOT NULL DEFAULT '',
    UNIQUE (venue_id, name)
) STRICT;

CREATE TABLE focus_areas (
    id    INTEGER PRIMARY KEY,
    code  TEXT NOT NULL UNIQUE CHECK (code <> ''),
    title TEXT NOT NULL CHECK (title <> '')
) STRICT;

CREATE TABLE meetings (
    id              INTEGER PRIMARY KEY,
    code            TEXT    NOT NULL UNIQUE CHECK (code <> '' AND code = lower(code)),
    title           TEXT    NOT NULL CHECK (title <> ''),
    kind            TEXT    NOT NULL CHECK (kind IN ('admm', 'admm_retreat', 'adsom', 'adsom_wg', 'admm_plus', 'other')),
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
CREATE INDEX meetings_host_country_id ON meetings (host_country_id);
CREATE INDEX meetings_venue_id ON meetings (venue_id);
CREATE INDEX meetings_start_date ON meetings (start_date);
CREATE INDEX meetings_cluster ON meetings (cluster);

CREATE TABLE meeting_focus_areas (
    meeting_id    INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    focus_area_id INTEGER NOT NULL REFERENCES focus_areas (id) ON DELETE CASCADE,
    PRIMARY KEY (meeting_id, focus_area_id)
) STRICT;
CREATE INDEX meeting_focus_areas_focus_area_id ON meeting_focus_areas (focus_area_id);

CREATE TABLE delegations (
    id            INTEGER PRIMARY KEY,
    meeting_id    INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    country_id    INTEGER NOT NULL REFERENCES countries (id) ON DELETE RESTRICT,
    quota         INTEGER NOT NULL CHECK (quota >= 0),
    status        TEXT    NOT NULL DEFAULT 'not_started'
                          CHECK (status IN ('not_started', 'nominating', 'submitted', 'accredited')),
    focal_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    UNIQUE (meeting_id, country_id)
) STRICT;
CREATE INDEX delegations_country_id ON delegations (country_id);
CREATE INDEX delegations_focal_user_id ON delegations (focal_user_id);

CREATE TABLE delegates (
    id                INTEGER PRIMARY KEY,
    delegation_id     INTEGER NOT NULL REFERENCES delegations (id) ON DELETE CASCADE,
    honorific         TEXT    NOT NULL DEFAULT '',
    given_name        TEXT    NOT NULL DEFAULT '',
    family_name       TEXT    NOT NULL DEFAULT '',
    family_name_first INTEGER NOT NULL DEFAULT 0 CHECK (family_name_first IN (0, 1)),
    badge_name        TEXT    NOT NULL DEFAULT '',
    position          TEXT    NOT NULL DEFAULT '',
    role              TEXT    NOT NULL CHECK (role IN ('head', 'alternate', 'delegate', 'adviser', 'interpreter',
                                                       'liaison', 'security', 'media')),
    gender            TEXT    NOT NULL DEFAULT '' CHECK (gender IN ('', 'female', 'male', 'other')),
    nationality       TEXT    NOT NULL DEFAULT '',
    passport_number   TEXT    NOT NULL DEFAULT '',
    passport_expiry   TEXT    NOT NULL DEFAULT '',
    email             TEXT    NOT NULL DEFAULT '',
    mobile            TEXT    NOT NULL DEFAULT '',
    dietary           TEXT    NOT NULL DEFAULT 'none'
                              CHECK (dietary IN ('none', 'halal', 'vegetarian', 'vegan', 'other')),
    dietary_other     TEXT    NOT NULL DEFAULT '',
    medical           TEXT    NOT NULL DEFAULT '',
    status            TEXT    NOT NULL DEFAULT 'nominated'
                              CHECK (status IN ('nominated', 'submitted', 'returned', 'accredited', 'rejected',
                                                'withdrawn', 'waitlisted')),
    waitlist_pos      INTEGER NOT NULL DEFAULT 0,
    -- Protocol-order keys computed by internal/convene on every write, so that
    -- SQL can page through large lists in protocol order without deciding it.
    precedence        INTEGER NOT NULL DEFAULT 99,
    sort_name         TEXT    NOT NULL DEFAULT '',
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL,
    CHECK (given_name <> '' OR family_name <> '')
) STRICT;
CREATE INDEX delegates_delegation_id ON delegates (delegation_id, precedence, sort_name);

-- +goose Down
-- Forward-only: Convene never migrates down.
