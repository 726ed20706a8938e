-- +goose Up
-- The badge photo of a delegate: always a JPEG that Convene re-encoded
-- itself (so no EXIF, no GPS position, nothing but pixels), at most a few
-- hundred kilobytes. Kept apart from delegates so that lists never load it.
CREATE TABLE delegate_photos (
    delegate_id INTEGER PRIMARY KEY REFERENCES delegates (id) ON DELETE CASCADE,
    jpeg        BLOB    NOT NULL CHECK (length(jpeg) > 0),
    width       INTEGER NOT NULL CHECK (width > 0),
    height      INTEGER NOT NULL CHECK (height > 0),
    updated_at  TEXT    NOT NULL
) STRICT;

-- +goose Down
-- Forward-only: Convene never migrates down.
