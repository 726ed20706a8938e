-- +goose Up
-- A meeting's name search (issue 20). Every delegate's names (given, family
-- and badge name) folded as one text: lower case, and Latin letters without
-- their diacritics ("Nguyễn" is kept as "nguyen"), by convene_fold, the
-- function the store registers with the driver (internal/sqlite,
-- delegate_search.go). The key starts with the meeting, so that a search
-- within a meeting reads that meeting's rows only, side by side in one
-- b-tree: its cost follows the meeting's size, never the file's (the
-- trigram index of migration 01501 is the whole file's, and a search there
-- cost three times as much on 88,000 delegates as on 1,000). Any part of a
-- name is found, in any script, by instr on the folded text; the trigram
-- index stays for a search across meetings. Kept in step by the triggers
-- below, whoever writes the delegates, as the trigram index is.
CREATE TABLE delegate_names (
    meeting_id  INTEGER NOT NULL,
    delegate_id INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    PRIMARY KEY (meeting_id, delegate_id)
) WITHOUT ROWID;

INSERT INTO delegate_names (meeting_id, delegate_id, name)
SELECT g.meeting_id, p.id, convene_fold(p.given_name || ' ' || p.family_name || ' ' || p.badge_name)
FROM delegates p JOIN delegations g ON g.id = p.delegation_id;

-- +goose StatementBegin
CREATE TRIGGER delegates_insert_names AFTER INSERT ON delegates
BEGIN
    INSERT INTO delegate_names (meeting_id, delegate_id, name)
    SELECT g.meeting_id, new.id, convene_fold(new.given_name || ' ' || new.family_name || ' ' || new.badge_name)
    FROM delegations g WHERE g.id = new.delegation_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER delegates_update_names AFTER UPDATE OF given_name, family_name, badge_name, delegation_id ON delegates
BEGIN
    DELETE FROM delegate_names
    WHERE meeting_id = (SELECT g.meeting_id FROM delegations g WHERE g.id = old.delegation_id) AND delegate_id = old.id;
    INSERT INTO delegate_names (meeting_id, delegate_id, name)
    SELECT g.meeting_id, new.id, convene_fold(new.given_name || ' ' || new.family_name || ' ' || new.badge_name)
    FROM delegations g WHERE g.id = new.delegation_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER delegates_delete_names AFTER DELETE ON delegates
BEGIN
    DELETE FROM delegate_names
    WHERE meeting_id = (SELECT g.meeting_id FROM delegations g WHERE g.id = old.delegation_id) AND delegate_id = old.id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER delegations_delete_names BEFORE DELETE ON delegations
BEGIN
    DELETE FROM delegate_names
    WHERE meeting_id = old.meeting_id AND delegate_id IN (SELECT p.id FROM delegates p WHERE p.delegation_id = old.id);
END;
-- +goose StatementEnd

-- +goose Down
-- Forward-only: Convene never migrates down.
