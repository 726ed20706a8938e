-- +goose Up
-- What the signed-in pages read on every view (see internal/sqlite/
-- page_cache.go): a meeting's delegations with their heads, focal points and
-- places taken, and its published programme with its rooms' seats and its
-- scheduled bilaterals. The store
-- keeps them in memory, keyed by this version plus the public and reference
-- versions (migrations 01500 and 01000), which it reads once per request (a
-- row of each by its primary key). Every committed change to these tables
-- bumps it, whoever makes it (the server, `convene purge` in another
-- process), so a page never shows what was true before the last commit.
CREATE TABLE page_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
) STRICT;
INSERT INTO page_version (id, version) VALUES (1, 1);
-- +goose StatementBegin
CREATE TRIGGER delegations_insert_page AFTER INSERT ON delegations
BEGIN UPDATE page_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER delegations_update_page AFTER UPDATE ON delegations
BEGIN UPDATE page_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER delegations_delete_page AFTER DELETE ON delegations
BEGIN UPDATE page_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER delegates_insert_page AFTER INSERT ON delegates
BEGIN UPDATE page_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER delegates_update_page AFTER UPDATE ON delegates
BEGIN UPDATE page_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER delegates_delete_page AFTER DELETE ON delegates
BEGIN UPDATE page_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER room_layouts_insert_page AFTER INSERT ON room_layouts
BEGIN UPDATE page_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER room_layouts_update_page AFTER UPDATE ON room_layouts
BEGIN UPDATE page_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER room_layouts_delete_page AFTER DELETE ON room_layouts
BEGIN UPDATE page_version SET version = version + 1; END;
-- +goose StatementEnd
-- The programme shows a delegation's bilaterals in their rooms.
-- +goose StatementBegin
CREATE TRIGGER bilaterals_insert_page AFTER INSERT ON bilaterals
BEGIN UPDATE page_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER bilaterals_update_page AFTER UPDATE ON bilaterals
BEGIN UPDATE page_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER bilaterals_delete_page AFTER DELETE ON bilaterals
BEGIN UPDATE page_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER rooms_update_page AFTER UPDATE ON rooms
BEGIN UPDATE page_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER rooms_delete_page AFTER DELETE ON rooms
BEGIN UPDATE page_version SET version = version + 1; END;
-- +goose StatementEnd
-- A focal point's name is shown; signing in and the other columns are not.
-- +goose StatementBegin
CREATE TRIGGER users_update_name_page AFTER UPDATE OF name ON users
BEGIN UPDATE page_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER users_delete_page AFTER DELETE ON users
BEGIN UPDATE page_version SET version = version + 1; END;
-- +goose StatementEnd

-- +goose Down
-- Forward-only: Convene never migrates down.
