-- +goose Up
-- A replicating server looks every few seconds for a purge whose old pages
-- may still be in the -wal file (a 'purge' row with no 'wal_scrub' row
-- after it, issue 21). Partial indexes hold only those rare rows, so the
-- look is a lookup however long the audit log grows, and the other audit
-- rows cost nothing more to write.
CREATE INDEX audit_log_purges ON audit_log (id) WHERE action = 'purge';
CREATE INDEX audit_log_wal_scrubs ON audit_log (entity_id) WHERE action = 'wal_scrub';

-- +goose Down
-- Forward-only: Convene never migrates down.
