-- +goose Up
-- The landing page reads one page of upcoming meetings (end_date on or after
-- today, soonest first) or of past ones (latest first), ordered by
-- (start_date, date_precision, code): sqlite.FindMeetingsAround. With only
-- meetings_start_date, SQLite read every meeting matching the date test and
-- sorted them in a temporary b-tree to take 25. This index gives the order
-- directly, in either direction, and holds end_date so the date test is
-- decided from the index before a row is read; the scan stops after a page.
CREATE INDEX meetings_by_date ON meetings (start_date, date_precision, code, end_date);

-- +goose Down
-- Forward-only: Convene never migrates down.
