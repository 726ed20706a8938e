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
-- one record); contentless_delete lets the triggers remove a row by its
-- rowid.
--
-- The rowid is the delegate's meeting id in the high 32 bits and the
-- delegate's id in the low 32: a search within one meeting (every search
-- the pages make) asks for that meeting's rowid range, so its cost follows
-- the meeting's matches, not the whole file's (the same name in 200 other
-- meetings is never read). A delegation's delegates leave the index before
-- the delegation goes (its cascade then finds no meeting to compute a
-- rowid from).
CREATE VIRTUAL TABLE delegate_search USING fts5 (
    name,
    content = '',
    contentless_delete = 1,
    tokenize = 'trigram remove_diacritics 1'
);

INSERT INTO delegate_search (rowid, name)
SELECT (g.meeting_id << 32) | p.id, p.given_name || ' ' || p.family_name || ' ' || p.badge_name
FROM delegates p JOIN delegations g ON g.id = p.delegation_id;

-- +goose StatementBegin
CREATE TRIGGER delegates_insert_search AFTER INSERT ON delegates
BEGIN
    INSERT INTO delegate_search (rowid, name)
    SELECT (g.meeting_id << 32) | new.id, new.given_name || ' ' || new.family_name || ' ' || new.badge_name
    FROM delegations g WHERE g.id = new.delegation_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER delegates_update_search AFTER UPDATE OF given_name, family_name, badge_name, delegation_id ON delegates
BEGIN
    DELETE FROM delegate_search
    WHERE rowid = (SELECT (g.meeting_id << 32) | old.id FROM delegations g WHERE g.id = old.delegation_id);
    INSERT INTO delegate_search (rowid, name)
    SELECT (g.meeting_id << 32) | new.id, new.given_name || ' ' || new.family_name || ' ' || new.badge_name
    FROM delegations g WHERE g.id = new.delegation_id;
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER delegates_delete_search AFTER DELETE ON delegates
BEGIN
    DELETE FROM delegate_search
    WHERE rowid = (SELECT (g.meeting_id << 32) | old.id FROM delegations g WHERE g.id = old.delegation_id);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER delegations_delete_search BEFORE DELETE ON delegations
BEGIN
    DELETE FROM delegate_search
    WHERE rowid IN (SELECT (old.meeting_id << 32) | p.id FROM delegates p WHERE p.delegation_id = old.id);
END;
-- +goose StatementEnd

-- +goose Down
-- Forward-only: Convene never migrates down.
