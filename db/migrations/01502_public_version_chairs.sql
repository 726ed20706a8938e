-- +goose Up
-- More of what visitors see (see 01500): the calendar names each year's
-- chair (chairs) and the Experts' Working Groups' co-chairs. A change to
-- either bumps the public version, so no visitor is served a calendar
-- cached before it. (Rooms need no trigger: a published session keeps its
-- room's name as published, migration 01140.)
-- +goose StatementBegin
CREATE TRIGGER chairs_insert_public AFTER INSERT ON chairs
BEGIN UPDATE public_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER chairs_update_public AFTER UPDATE ON chairs
BEGIN UPDATE public_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER chairs_delete_public AFTER DELETE ON chairs
BEGIN UPDATE public_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER ewg_cochairs_insert_public AFTER INSERT ON ewg_cochairs
BEGIN UPDATE public_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER ewg_cochairs_update_public AFTER UPDATE ON ewg_cochairs
BEGIN UPDATE public_version SET version = version + 1; END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER ewg_cochairs_delete_public AFTER DELETE ON ewg_cochairs
BEGIN UPDATE public_version SET version = version + 1; END;
-- +goose StatementEnd

-- +goose Down
-- Forward-only: Convene never migrates down.
