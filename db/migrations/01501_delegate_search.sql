-- +goose Up
-- The delegates list's name search (issue 20). A full-text index of every
-- delegate's names (given, family and badge name), kept in step with the
-- delegates table by the triggers below, whoever writes it. The trigram
-- tokenizer indexes every three characters, so a name is found by any part
-- of it, in any script: Thai, Lao, Khmer and Myanmar names, written without
-- spaces between words, are found by a piece from their middle. Its
-- remove_diacritics folds letters with several marks as unicode61's
-- remove_diacritics 2 does, and case, so "nguyen" finds Nguyễn. The index
-- is contentless (it keeps no copy of the names: the delegates row is the
-- one record) and its rowid is the delegate's id; contentless_delete lets
-- the triggers remove a row by its id.
CREATE VIRTUAL TABLE delegate_search USING fts5 (
    name,
    content = '',
    contentless_delete = 1,
    tokenize = 'trigram remove_diacritics 1'
);

INSERT INTO delegate_search (rowid, name)
SELECT id, given_name || ' ' || family_name || ' ' || badge_name FROM delegates;

-- +goose StatementBegin
CREATE TRIGGER delegates_insert_search AFTER INSERT ON delegates
BEGIN
    INSERT INTO delegate_search (rowid, name)
    VALUES (new.id, new.given_name || ' ' || new.family_name || ' ' || new.badge_name);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER delegates_update_search AFTER UPDATE OF given_name, family_name, badge_name ON delegates
BEGIN
    DELETE FROM delegate_search WHERE rowid = old.id;
    INSERT INTO delegate_search (rowid, name)
    VALUES (new.id, new.given_name || ' ' || new.family_name || ' ' || new.badge_name);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER delegates_delete_search AFTER DELETE ON delegates
BEGIN
    DELETE FROM delegate_search WHERE rowid = old.id;
END;
-- +goose StatementEnd

-- +goose Down
-- Forward-only: Convene never migrates down.
