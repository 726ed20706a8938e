-- +goose Up
-- Print room and on-site (issue 6). A badge is one printed version of one
-- accredited delegate's pass to one meeting. Its code is random (never the
-- row id, never personal data) and is what the QR code carries; reprinting
-- supersedes the previous version, whose code is then refused at check-in.
-- A check-in records that a badge was seen at the desk, once per meeting
-- (session_id NULL) or once per session.

CREATE TABLE badges (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    delegate_id INTEGER NOT NULL REFERENCES delegates (id) ON DELETE CASCADE,
    code        TEXT    NOT NULL UNIQUE CHECK (length(code) >= 16),
    version     INTEGER NOT NULL CHECK (version >= 1),
    status      TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'superseded', 'revoked')),
    printed_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    printed_at  TEXT    NOT NULL,
    -- Bulk collection by a delegation's liaison officer, with a custody note.
    collected_by TEXT   NOT NULL DEFAULT '',
    collected_at TEXT   NOT NULL DEFAULT '',
    UNIQUE (delegate_id, meeting_id, version)
) STRICT;
CREATE INDEX badges_meeting_id ON badges (meeting_id, status);
CREATE INDEX badges_delegate_id ON badges (delegate_id);
CREATE INDEX badges_printed_by ON badges (printed_by);
-- At most one badge per person and meeting is valid at any time.
CREATE UNIQUE INDEX badges_one_active ON badges (delegate_id, meeting_id) WHERE status = 'active';

CREATE TABLE checkins (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    session_id  INTEGER REFERENCES sessions (id) ON DELETE CASCADE,
    delegate_id INTEGER NOT NULL REFERENCES delegates (id) ON DELETE CASCADE,
    badge_id    INTEGER NOT NULL REFERENCES badges (id) ON DELETE CASCADE,
    at          TEXT    NOT NULL,
    by_user_id  INTEGER REFERENCES users (id) ON DELETE SET NULL
) STRICT;
-- Checked in once per meeting (session 0) or per session, however often the
-- badge is scanned: the index makes a second insert a no-op.
CREATE UNIQUE INDEX checkins_once ON checkins (meeting_id, coalesce(session_id, 0), delegate_id);
CREATE INDEX checkins_session_id ON checkins (session_id);
CREATE INDEX checkins_delegate_id ON checkins (delegate_id);
CREATE INDEX checkins_badge_id ON checkins (badge_id);
CREATE INDEX checkins_by_user_id ON checkins (by_user_id);

-- +goose Down
-- Forward-only: Convene never migrates down.
