-- +goose Up
-- One record, one truth (issue 16, items 1, 2 and 8).
--
-- 1. Flights live in travel_legs only. Migration 00200 gave delegates their
--    own arrival and departure columns, which the registration forms wrote
--    while logistics (arrivals board, transfers, dashboard) read
--    travel_legs: a flight typed on the form never reached the airport. The
--    column values move into travel_legs and the columns are dropped.
--    The old form took the time "local at the meeting" and no airport; the
--    leg gets the airport of the meeting's own time zone (Pulau Pinang's
--    meetings: PEN), so that "local at the airport" reads the same clock
--    time as was typed. A leg already in travel_legs wins (it was entered on
--    the travel form, with its airport). Every moved or skipped value is in
--    the audit log.

INSERT INTO travel_legs (delegate_id, direction, at, flight, airport, terminal, updated_at)
SELECT p.id, x.direction, x.at,
       CASE WHEN length(x.flight) > 2 AND substr(x.flight, 3, 1) <> ' '
            THEN substr(x.flight, 1, 2) || ' ' || substr(x.flight, 3) ELSE x.flight END,
       CASE m.time_zone WHEN 'Asia/Brunei' THEN 'BWN' WHEN 'Asia/Phnom_Penh' THEN 'PNH'
            WHEN 'Asia/Jakarta' THEN 'CGK' WHEN 'Asia/Vientiane' THEN 'VTE' WHEN 'Asia/Yangon' THEN 'RGN'
            WHEN 'Asia/Manila' THEN 'MNL' WHEN 'Asia/Singapore' THEN 'SIN' WHEN 'Asia/Bangkok' THEN 'BKK'
            WHEN 'Asia/Ho_Chi_Minh' THEN 'HAN' WHEN 'Asia/Dili' THEN 'DIL' ELSE 'PEN' END,
       '', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM delegates p
JOIN delegations g ON g.id = p.delegation_id
JOIN meetings m ON m.id = g.meeting_id
JOIN (SELECT id, 'arrival' AS direction, arrival_at AS at, arrival_flight AS flight FROM delegates
      UNION ALL SELECT id, 'departure', departure_at, departure_flight FROM delegates) x ON x.id = p.id
WHERE x.at <> ''
  AND NOT EXISTS (SELECT 1 FROM travel_legs l WHERE l.delegate_id = p.id AND l.direction = x.direction);

INSERT INTO audit_log (at, user_id, action, entity, entity_id, summary)
SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), NULL, 'migrate', 'delegate', x.id,
       x.direction || ' ' || CASE
         WHEN x.at = '' THEN 'flight ' || quote(x.flight) || ' had no time: not moved to travel (migration 01100)'
         WHEN EXISTS (SELECT 1 FROM travel_legs l WHERE l.delegate_id = x.id AND l.direction = x.direction
                      AND l.at = x.at AND replace(l.flight, ' ', '') = replace(x.flight, ' ', ''))
           THEN 'flight ' || quote(x.flight) || ' at ' || x.at || ' moved to travel (migration 01100)'
         ELSE 'flight ' || quote(x.flight) || ' at ' || x.at || ' not moved: travel already held another leg (migration 01100)'
       END
FROM (SELECT id, 'arrival' AS direction, arrival_at AS at, arrival_flight AS flight FROM delegates
      UNION ALL SELECT id, 'departure', departure_at, departure_flight FROM delegates) x
WHERE x.at <> '' OR x.flight <> '';

-- The columns are referenced by no index, view or trigger, so SQLite drops
-- them in place: no table rebuild, no foreign key touched.
ALTER TABLE delegates DROP COLUMN arrival_flight;
ALTER TABLE delegates DROP COLUMN arrival_at;
ALTER TABLE delegates DROP COLUMN departure_flight;
ALTER TABLE delegates DROP COLUMN departure_at;

-- 2. Accreditation approves data. A change to an accredited person's
--    identity fields waits here until the secretariat approves or declines
--    it; the approved values stay in delegates (and delegate_photos) until
--    then. fields is a JSON array of {"field", "before", "after"} in the
--    store's value forms; photo says a new photo waits in pending_photos.
--    At most one change per person is pending: a new proposal supersedes it.
--    An approval that makes the printed badge wrong names that badge in
--    reprint_badge_id: it stays valid until the reprint supersedes it.
CREATE TABLE pending_changes (
    id               INTEGER PRIMARY KEY,
    delegate_id      INTEGER NOT NULL REFERENCES delegates (id) ON DELETE CASCADE,
    via              TEXT    NOT NULL CHECK (via IN ('form', 'link', 'photo')),
    proposed_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    proposed_at      TEXT    NOT NULL,
    fields           TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(fields) AND json_type(fields) = 'array'),
    photo            INTEGER NOT NULL DEFAULT 0 CHECK (photo IN (0, 1)),
    status           TEXT    NOT NULL DEFAULT 'pending'
                             CHECK (status IN ('pending', 'approved', 'declined', 'superseded', 'withdrawn')),
    decided_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    decided_at       TEXT    NOT NULL DEFAULT '',
    reason           TEXT    NOT NULL DEFAULT '',
    reprint_badge_id INTEGER REFERENCES badges (id) ON DELETE SET NULL,
    CHECK (status <> 'declined' OR reason <> ''),
    CHECK (fields <> '[]' OR photo = 1)
) STRICT;
CREATE INDEX pending_changes_delegate_id ON pending_changes (delegate_id, status);
CREATE INDEX pending_changes_status ON pending_changes (status, delegate_id);
CREATE INDEX pending_changes_proposed_by ON pending_changes (proposed_by);
CREATE INDEX pending_changes_decided_by ON pending_changes (decided_by);
CREATE INDEX pending_changes_reprint_badge_id ON pending_changes (reprint_badge_id);
CREATE UNIQUE INDEX pending_changes_one_open ON pending_changes (delegate_id) WHERE status = 'pending';

-- The photo store's second shelf: a photo uploaded for an accredited person
-- waits here, while delegate_photos keeps the approved one that badges and
-- the check-in desk show. Approval moves it across; a decline deletes it.
CREATE TABLE pending_photos (
    delegate_id INTEGER PRIMARY KEY REFERENCES delegates (id) ON DELETE CASCADE,
    jpeg        BLOB    NOT NULL CHECK (length(jpeg) > 0),
    width       INTEGER NOT NULL CHECK (width > 0),
    height      INTEGER NOT NULL CHECK (height > 0),
    uploaded_at TEXT    NOT NULL
) STRICT;

-- The review-after-accreditation switch is gone: an edit never sends an
-- accredited person back to "submitted" any more. Its place is taken by the
-- address the secretariat's notifications go to (empty: every
-- administrator and officer account).
ALTER TABLE registration_settings DROP COLUMN review_after_accreditation;
ALTER TABLE registration_settings ADD COLUMN notify_email TEXT NOT NULL DEFAULT '';

-- 8. Notifications to focal points and the secretariat: the outbox's kind
--    list grows. SQLite cannot change a CHECK, so the table is rebuilt
--    (create, copy, drop, rename) with its indexes; nothing references it.
CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY,
    meeting_id      INTEGER REFERENCES meetings (id) ON DELETE CASCADE,
    delegate_id     INTEGER REFERENCES delegates (id) ON DELETE SET NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('invitation', 'link', 'submitted', 'returned',
                                                     'accredited', 'rejected',
                                                     'focal_accredited', 'focal_returned', 'focal_rejected',
                                                     'focal_promoted', 'change_approved', 'change_declined',
                                                     'delegation_submitted', 'change_proposed')),
    to_addr         TEXT    NOT NULL CHECK (to_addr <> ''),
    subject         TEXT    NOT NULL CHECK (subject <> ''),
    body            TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TEXT    NOT NULL,
    sent_at         TEXT    NOT NULL DEFAULT '',
    last_error      TEXT    NOT NULL DEFAULT ''
) STRICT;
INSERT INTO outbox_new (id, meeting_id, delegate_id, kind, to_addr, subject, body, created_at, attempts,
                        next_attempt_at, sent_at, last_error)
SELECT id, meeting_id, delegate_id, kind, to_addr, subject, body, created_at, attempts,
       next_attempt_at, sent_at, last_error FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_meeting_id ON outbox (meeting_id);
CREATE INDEX outbox_delegate_id ON outbox (delegate_id);
CREATE INDEX outbox_pending ON outbox (sent_at, next_attempt_at);

-- +goose Down
-- Forward-only: Convene never migrates down.
