-- +goose Up
-- A nomination checks that its passport number and e-mail address are not
-- already registered for the meeting (sqlite.checkDuplicate). Without an
-- index both checks read every delegate of the meeting's delegations, so a
-- nomination costs more the more people are nominated: convene-bench's
-- profile of registration.submit spent a fifth of its time there, and each
-- nomination made the next one slower. With these, each check is one probe.
CREATE INDEX delegates_passport_number ON delegates (passport_number);
CREATE INDEX delegates_email ON delegates (email);

-- +goose Down
-- Forward-only: Convene never migrates down.
