-- +goose Up
-- Issue 17: badges for everyone who needs one on site, venue notes in the
-- delegation book, and where observers and partners sit.
--
-- A badge holder is someone who is not a delegate: secretariat staff,
-- liaison officers, drivers, media, security. A liaison officer's holder
-- row points at the officer in liaison_officers and stores no name of its
-- own (one fact, one store); everyone else's name is typed here.
CREATE TABLE badge_holders (
    id                 INTEGER PRIMARY KEY,
    meeting_id         INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    category           TEXT    NOT NULL CHECK (category IN ('staff', 'liaison', 'driver', 'media', 'security')),
    name               TEXT    NOT NULL DEFAULT '',
    organisation       TEXT    NOT NULL DEFAULT '',
    liaison_officer_id INTEGER UNIQUE REFERENCES liaison_officers (id) ON DELETE CASCADE,
    created_at         TEXT    NOT NULL,
    CHECK ((category = 'liaison') = (liaison_officer_id IS NOT NULL)),
    CHECK (liaison_officer_id IS NOT NULL OR name <> '')
) STRICT;
CREATE INDEX badge_holders_meeting_id ON badge_holders (meeting_id);

-- The badges of badge holders: the same code rule (convene.NewBadgeCode,
-- NormalizeBadgeCode, BadgeRefusal), versions and statuses as delegates'
-- badges in the badges table.
CREATE TABLE holder_badges (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    holder_id   INTEGER NOT NULL REFERENCES badge_holders (id) ON DELETE CASCADE,
    code        TEXT    NOT NULL UNIQUE CHECK (length(code) >= 16),
    version     INTEGER NOT NULL CHECK (version >= 1),
    status      TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'superseded', 'revoked')),
    printed_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    printed_at  TEXT    NOT NULL,
    UNIQUE (holder_id, version)
) STRICT;
CREATE INDEX holder_badges_meeting_id ON holder_badges (meeting_id, status);
CREATE INDEX holder_badges_printed_by ON holder_badges (printed_by);
CREATE UNIQUE INDEX holder_badges_one_active ON holder_badges (holder_id) WHERE status = 'active';

-- A badge holder seen at the desk, once per meeting or session.
CREATE TABLE holder_checkins (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    session_id  INTEGER REFERENCES sessions (id) ON DELETE CASCADE,
    holder_id   INTEGER NOT NULL REFERENCES badge_holders (id) ON DELETE CASCADE,
    badge_id    INTEGER NOT NULL REFERENCES holder_badges (id) ON DELETE CASCADE,
    at          TEXT    NOT NULL,
    by_user_id  INTEGER REFERENCES users (id) ON DELETE SET NULL
) STRICT;
CREATE UNIQUE INDEX holder_checkins_once ON holder_checkins (meeting_id, coalesce(session_id, 0), holder_id);
CREATE INDEX holder_checkins_session_id ON holder_checkins (session_id);
CREATE INDEX holder_checkins_holder_id ON holder_checkins (holder_id);
CREATE INDEX holder_checkins_badge_id ON holder_checkins (badge_id);
CREATE INDEX holder_checkins_by_user_id ON holder_checkins (by_user_id);

-- The zones a category opens at a meeting, where the secretariat changed
-- the default (convene.DefaultZones): a comma-separated list of zones.
CREATE TABLE badge_zones (
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    category   TEXT    NOT NULL CHECK (category IN ('head', 'delegate', 'staff', 'liaison', 'driver', 'media', 'security')),
    zones      TEXT    NOT NULL,
    PRIMARY KEY (meeting_id, category)
) STRICT;

-- Venue notes the secretariat writes for a meeting; each delegation's
-- programme book prints them.
CREATE TABLE venue_notes (
    meeting_id   INTEGER PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    dress_code   TEXT NOT NULL DEFAULT '',
    wifi         TEXT NOT NULL DEFAULT '',
    prayer_rooms TEXT NOT NULL DEFAULT '',
    medical      TEXT NOT NULL DEFAULT '',
    security     TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL
) STRICT;

-- Where a meeting seats observers and partners on its seating plan
-- (convene.SeatOthers); no row means the default, at the foot.
CREATE TABLE seating_settings (
    meeting_id INTEGER PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    others     TEXT NOT NULL CHECK (others IN ('foot', 'round', 'row'))
) STRICT;

-- +goose Down
-- Forward-only: Convene never migrates down.
