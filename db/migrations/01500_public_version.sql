-- +goose Up
-- What a visitor sees (the landing page, the calendar, a meeting's public
-- page, its published programme and programme.ics) depends only on the
-- meetings, their venues and focus areas, the countries, and the published
-- programme versions. The web layer keeps those pages' bytes in memory for
-- visitors, keyed by this version, which it reads once per request (a
-- row by its primary key). Every change to those tables bumps it, whoever
-- makes it, so a publication is served on the very next request; an edit
-- of the working draft (sessions) does not touch it. The countries have
-- their own version (reference_version, migration 01000), which the store
-- adds to this one when it reads it.
CREATE TABLE public_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
) STRICT;
INSERT INTO public_version (id, version) VALUES (1, 1);

-- +goose StatementBegin
CREATE TRIGGER meetings_insert_public AFTER INSERT ON meetings
BEGIN UPDATE public_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER meetings_update_public AFTER UPDATE ON meetings
BEGIN UPDATE public_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER meetings_delete_public AFTER DELETE ON meetings
BEGIN UPDATE public_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER venues_update_public AFTER UPDATE ON venues
BEGIN UPDATE public_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER venues_delete_public AFTER DELETE ON venues
BEGIN UPDATE public_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER focus_areas_update_public AFTER UPDATE ON focus_areas
BEGIN UPDATE public_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER focus_areas_delete_public AFTER DELETE ON focus_areas
BEGIN UPDATE public_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER meeting_focus_areas_insert_public AFTER INSERT ON meeting_focus_areas
BEGIN UPDATE public_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER meeting_focus_areas_update_public AFTER UPDATE ON meeting_focus_areas
BEGIN UPDATE public_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER meeting_focus_areas_delete_public AFTER DELETE ON meeting_focus_areas
BEGIN UPDATE public_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_versions_insert_public AFTER INSERT ON programme_versions
BEGIN UPDATE public_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_versions_update_public AFTER UPDATE ON programme_versions
BEGIN UPDATE public_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER programme_versions_delete_public AFTER DELETE ON programme_versions
BEGIN UPDATE public_version SET version = version + 1; END;
-- +goose StatementEnd

-- +goose Down
-- Forward-only: Convene never migrates down.
