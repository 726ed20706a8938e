-- +goose Up
-- The availability polls' messages: a reminder to a focal point who has not
-- answered, and the dates the secretariat fixed. convene.MailKinds lists
-- them too (TestMailKindsMatchTheDomain).
INSERT INTO mail_kinds (kind) VALUES ('poll_reminder'), ('poll_confirmed');

-- +goose Down
DELETE FROM mail_kinds WHERE kind IN ('poll_reminder', 'poll_confirmed');
