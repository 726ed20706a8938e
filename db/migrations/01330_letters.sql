-- +goose Up
-- Visa-support and invitation letters (issue 18, items 3 to 6).
--
-- 1. A person's travel document gains its type and the name exactly as the
--    passport prints it in Latin letters, where that differs from the name
--    as written (Nguyễn Văn An travels as NGUYEN VAN AN). Both are identity
--    fields: after accreditation a change waits for approval.
ALTER TABLE delegates ADD COLUMN passport_type TEXT NOT NULL DEFAULT ''
    CHECK (passport_type IN ('', 'ordinary', 'official', 'diplomatic'));
ALTER TABLE delegates ADD COLUMN passport_name TEXT NOT NULL DEFAULT '';

-- 2. Which nationalities need a visa to enter a host country, by passport
--    type. A missing row means the documented default of
--    convene.DefaultVisaRequired; a row is the secretariat's own decision.
CREATE TABLE visa_rules (
    host_country_id INTEGER NOT NULL REFERENCES countries (id) ON DELETE CASCADE,
    nationality     TEXT    NOT NULL CHECK (length(nationality) = 3 AND nationality = upper(nationality)),
    passport_type   TEXT    NOT NULL CHECK (passport_type IN ('ordinary', 'official', 'diplomatic')),
    visa_required   INTEGER NOT NULL CHECK (visa_required IN (0, 1)),
    updated_at      TEXT    NOT NULL,
    PRIMARY KEY (host_country_id, nationality, passport_type)
) STRICT;

-- 3. A meeting's two letter templates, as the secretariat edited them; a
--    meeting without a row uses the default text of internal/convene.
--    focal_may_issue (visa template only) lets focal points produce their
--    own people's visa letters.
CREATE TABLE letter_templates (
    meeting_id      INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL CHECK (kind IN ('visa', 'invitation')),
    body            TEXT    NOT NULL CHECK (body <> ''),
    signatory       TEXT    NOT NULL DEFAULT '',
    letterhead      BLOB,
    letterhead_type TEXT    NOT NULL DEFAULT '' CHECK (letterhead_type IN ('', 'image/png', 'image/jpeg')),
    focal_may_issue INTEGER NOT NULL DEFAULT 0 CHECK (focal_may_issue IN (0, 1)),
    updated_at      TEXT    NOT NULL,
    PRIMARY KEY (meeting_id, kind)
) STRICT;

-- 4. Every letter issued, with the PDF as issued: listed per person and
--    per delegation and downloadable again. The reference is numbered per
--    meeting and kind (ADMM-RETREAT-2025/VISA/0007). Letters hold passport
--    data: the meeting's purge deletes them.
CREATE TABLE letters (
    id            INTEGER PRIMARY KEY,
    meeting_id    INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    kind          TEXT    NOT NULL CHECK (kind IN ('visa', 'invitation')),
    seq           INTEGER NOT NULL CHECK (seq > 0),
    reference     TEXT    NOT NULL CHECK (reference <> ''),
    delegation_id INTEGER NOT NULL REFERENCES delegations (id) ON DELETE CASCADE,
    delegate_id   INTEGER REFERENCES delegates (id) ON DELETE CASCADE,
    addressee     TEXT    NOT NULL,
    issued_at     TEXT    NOT NULL,
    issued_by     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    pdf           BLOB    NOT NULL CHECK (length(pdf) > 0),
    UNIQUE (meeting_id, kind, seq),
    CHECK ((kind = 'visa') = (delegate_id IS NOT NULL))
) STRICT;
CREATE INDEX letters_delegation_id ON letters (delegation_id);
CREATE INDEX letters_delegate_id ON letters (delegate_id);
CREATE INDEX letters_issued_by ON letters (issued_by);

-- +goose Down
-- Forward-only: Convene never migrates down.
