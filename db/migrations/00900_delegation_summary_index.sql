-- +goose Up
-- The meeting page lists each delegation with its head and its count of
-- delegates still in the running (sqlite.FindDelegations). With only
-- delegates_delegation_id, both subqueries read every delegate row of the
-- delegation from the table to check role and status: convene-bench's
-- profile of the organiser's meeting page (11 delegations of 40) spent most
-- of its time in those table lookups. This index covers both: the count
-- reads index entries only, and the head is one probe on (delegation, role).
CREATE INDEX delegates_delegation_role_status ON delegates (delegation_id, role, status);

-- +goose Down
-- Forward-only: Convene never migrates down.
