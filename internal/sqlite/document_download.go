package sqlite

import (
	"context"
	"database/sql"

	"convene/internal/convene"
)

// Downloads of meeting papers: every one is recorded (document_downloads),
// and the secretariat reads per document who opened which version.

// DownloadDocument returns a version's file for the reader and records the
// download (who, for which delegation, which version, when: the store's
// clock), in one transaction. A document or version the reader may not
// read answers ENOTFOUND as a missing one, and records nothing.
func (d *DB) DownloadDocument(ctx context.Context, meetingID, docID int64, number int, r convene.DocumentReader) (convene.Document, convene.DocVersion, []byte, error) {
	var doc convene.Document
	var v convene.DocVersion
	var content []byte
	err := d.update(ctx, func(tx *Tx) error {
		var err error
		if doc, err = findDocument(ctx, tx, meetingID, docID, r); err != nil {
			return err
		}
		found := false
		for _, x := range doc.Versions {
			if x.Number == number {
				v, found = x, true
			}
		}
		if !found {
			return convene.NotFound("Document")
		}
		if err := tx.QueryRowContext(ctx, `SELECT content FROM document_files WHERE version_id = ?`, v.ID).Scan(&content); err != nil {
			return err
		}
		reader := r.Stamp()
		if !tx.actor.SignedIn() {
			reader = "Visitors"
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO document_downloads (version_id, user_id, country_id, reader, at)
			VALUES (?, ?, ?, ?, ?)`, v.ID, nullID(tx.actor.UserID), nullID(r.CountryID), reader, formatTime(tx.now))
		return err
	})
	return doc, v, content, err
}

// FindDocumentOpenings says per reader (delegation, "Secretariat",
// "Visitors") which versions of a document it downloaded, how often, first
// and last.
func (d *DB) FindDocumentOpenings(ctx context.Context, docID int64) ([]convene.DocumentOpening, error) {
	var out []convene.DocumentOpening
	err := d.view(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryAll(ctx, tx, func(row scanner) (convene.DocumentOpening, error) {
			var o convene.DocumentOpening
			var first, last string
			err := row.Scan(&o.Reader, &o.Versions, &o.Count, &first, &last)
			o.First, o.Last = parseTime(first), parseTime(last)
			return o, err
		}, `SELECT x.reader, (SELECT group_concat(n, ', ') FROM (SELECT DISTINCT v2.number AS n FROM document_downloads x2
				JOIN document_versions v2 ON v2.id = x2.version_id WHERE v2.document_id = ? AND x2.reader = x.reader ORDER BY n)),
			count(*), min(x.at), max(x.at)
			FROM document_downloads x JOIN document_versions v ON v.id = x.version_id
			WHERE v.document_id = ? GROUP BY x.reader ORDER BY min(x.at), x.reader`, docID, docID)
		return err
	})
	return out, err
}

// CountDocumentDownloads counts the downloads of a document's versions.
func (d *DB) CountDocumentDownloads(ctx context.Context, docID int64) (int, error) {
	var n int
	err := d.read.QueryRowContext(ctx, `SELECT count(*) FROM document_downloads x JOIN document_versions v
		ON v.id = x.version_id WHERE v.document_id = ?`, docID).Scan(&n)
	return n, err
}
