-- +goose Up
-- Meeting documents (issue 18): the papers the secretariat circulates, each
-- to one audience (convene.CanRead decides who reads which), in numbered
-- versions; a new version leaves the older ones listed as superseded. The
-- files are kept in the database (document_files, one BLOB per version, in
-- a table of its own so that lists never read them), so that backups and
-- replication carry them with everything else.
CREATE TABLE documents (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    title      TEXT    NOT NULL CHECK (title <> ''),
    reference  TEXT    NOT NULL DEFAULT '',
    kind       TEXT    NOT NULL CHECK (kind IN ('agenda', 'concept_paper', 'draft_declaration', 'presentation',
                                                'report', 'information_note')),
    audience   TEXT    NOT NULL CHECK (audience IN ('public', 'delegations', 'heads', 'named', 'secretariat')),
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
) STRICT;
CREATE INDEX documents_meeting_id ON documents (meeting_id);

-- The delegations (by country) a named-delegations document is for.
CREATE TABLE document_countries (
    document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    country_id  INTEGER NOT NULL REFERENCES countries (id) ON DELETE CASCADE,
    PRIMARY KEY (document_id, country_id)
) STRICT;
CREATE INDEX document_countries_country_id ON document_countries (country_id);

CREATE TABLE document_versions (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    number       INTEGER NOT NULL CHECK (number > 0),
    file_name    TEXT    NOT NULL,
    file_type    TEXT    NOT NULL CHECK (file_type IN ('pdf', 'docx', 'xlsx', 'pptx')),
    size         INTEGER NOT NULL CHECK (size > 0),
    sha256       TEXT    NOT NULL,
    changes      TEXT    NOT NULL DEFAULT '',
    uploaded_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    uploaded_at  TEXT    NOT NULL,
    UNIQUE (document_id, number)
) STRICT;
CREATE INDEX document_versions_uploaded_by ON document_versions (uploaded_by);

CREATE TABLE document_files (
    version_id INTEGER PRIMARY KEY REFERENCES document_versions (id) ON DELETE CASCADE,
    content    BLOB    NOT NULL CHECK (length(content) > 0)
) STRICT;

-- Every download: who (the account, and the delegation it read for; NULL
-- country for the secretariat, organisers and visitors), which version,
-- when. The meeting's purge deletes them: who read what is personal.
CREATE TABLE document_downloads (
    id         INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES document_versions (id) ON DELETE CASCADE,
    user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    country_id INTEGER REFERENCES countries (id) ON DELETE SET NULL,
    reader     TEXT    NOT NULL CHECK (reader <> ''),
    at         TEXT    NOT NULL
) STRICT;
CREATE INDEX document_downloads_version_id ON document_downloads (version_id);
CREATE INDEX document_downloads_user_id ON document_downloads (user_id);
CREATE INDEX document_downloads_country_id ON document_downloads (country_id);

-- The size limit of uploads: one for every meeting (row 1, 20 MB unless the
-- secretariat changes it) and, where set, one per meeting.
CREATE TABLE document_settings (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    max_bytes INTEGER NOT NULL CHECK (max_bytes > 0)
) STRICT;
INSERT INTO document_settings (id, max_bytes) VALUES (1, 20971520);
CREATE TABLE meeting_document_limits (
    meeting_id INTEGER PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    max_bytes  INTEGER NOT NULL CHECK (max_bytes > 0)
) STRICT;

-- A delegation's Note Verbale confirming its composition (PDF), one per
-- delegation, replaced by a new upload. It names people: the meeting's
-- purge deletes it with the other personal data.
CREATE TABLE note_verbales (
    delegation_id INTEGER PRIMARY KEY REFERENCES delegations (id) ON DELETE CASCADE,
    file_name     TEXT    NOT NULL,
    size          INTEGER NOT NULL CHECK (size > 0),
    content       BLOB    NOT NULL CHECK (length(content) > 0),
    uploaded_by   INTEGER REFERENCES users (id) ON DELETE SET NULL,
    uploaded_at   TEXT    NOT NULL
) STRICT;
CREATE INDEX note_verbales_uploaded_by ON note_verbales (uploaded_by);

-- Public documents are listed on the meeting's public page, which visitors
-- are served from the public cache (migration 01500). A trigger cannot bump
-- public_version from here: a new database applies this migration before
-- 01500 creates that table. The document store bumps it itself, in the
-- transaction of every change to documents and their versions
-- (internal/sqlite/document.go, bumpPublicVersion).

-- +goose Down
-- Forward-only: Convene never migrates down.
