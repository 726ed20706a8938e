package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"convene/internal/convene"
)

// The document store: meeting papers (documents), their named delegations
// (document_countries), their versions with the file of each
// (document_versions, document_files) and every download
// (document_downloads). Who may read what is convene.CanRead: every read
// here filters through it, and what a reader may not read answers
// ENOTFOUND "Document", exactly as a missing one.

// UploadedFile is a file as a form received it: the name the person's
// computer gave it and its bytes.
type UploadedFile struct {
	Name    string
	Content []byte
}

// DocumentReaderFor is who the actor is for a meeting's documents: the
// secretariat, an organiser, or a member of one of its delegations (a focal
// point's country, a delegate's own delegation, head or not), or no one.
func (d *DB) DocumentReaderFor(ctx context.Context, meetingID int64, a convene.Actor) (convene.DocumentReader, error) {
	r := convene.DocumentReader{Secretariat: a.Role.IsSecretariat(), Organiser: a.Role == convene.RoleOrganiser}
	var err error
	switch {
	case a.Role == convene.RoleFocal && a.CountryID != 0:
		err = d.read.QueryRowContext(ctx, `SELECT c.id, c.name FROM delegations g JOIN countries c ON c.id = g.country_id
			WHERE g.meeting_id = ? AND g.country_id = ?`, meetingID, a.CountryID).Scan(&r.CountryID, &r.Delegation)
	case a.Role == convene.RoleDelegate && a.DelegateID != 0:
		err = d.read.QueryRowContext(ctx, `SELECT c.id, c.name, p.role = 'head' FROM delegates p
			JOIN delegations g ON g.id = p.delegation_id JOIN countries c ON c.id = g.country_id
			WHERE p.id = ? AND g.meeting_id = ? AND p.status NOT IN ('rejected', 'withdrawn')`,
			a.DelegateID, meetingID).Scan(&r.CountryID, &r.Delegation, &r.Head)
	}
	if err == sql.ErrNoRows {
		return convene.DocumentReader{}, nil
	}
	return r, err
}

const documentColumns = `d.id, d.meeting_id, d.title, d.reference, d.kind, d.audience,
	coalesce((SELECT json_group_array(country_id) FROM document_countries WHERE document_id = d.id), '[]'),
	coalesce((SELECT group_concat(c.name, ', ') FROM (SELECT c.name FROM document_countries x
		JOIN countries c ON c.id = x.country_id WHERE x.document_id = d.id ORDER BY c.name) c), '')`

func scanDocument(row scanner) (convene.Document, error) {
	var doc convene.Document
	var named string
	err := row.Scan(&doc.ID, &doc.MeetingID, &doc.Title, &doc.Reference, &doc.Kind, &doc.Audience, &named, &doc.NamedList)
	if err != nil {
		return doc, err
	}
	for _, s := range strings.Split(strings.Trim(named, "[]"), ",") {
		if id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil {
			doc.Named = append(doc.Named, id)
		}
	}
	return doc, nil
}

const versionColumns = `v.id, v.document_id, v.number, v.file_name, v.file_type, v.size, v.sha256, v.changes,
	coalesce(u.name, ''), v.uploaded_at`

func scanVersion(row scanner) (convene.DocVersion, error) {
	var v convene.DocVersion
	var at string
	err := row.Scan(&v.ID, &v.DocumentID, &v.Number, &v.FileName, &v.Type, &v.Size, &v.SHA256, &v.Changes, &v.UploadedBy, &at)
	v.UploadedAt = parseTime(at)
	return v, err
}

// withVersions fills each document's versions (newest first) and current
// version from one query.
func withVersions(ctx context.Context, q querier, docs []convene.Document) error {
	if len(docs) == 0 {
		return nil
	}
	ids := make([]int64, len(docs))
	at := map[int64]int{}
	for i, doc := range docs {
		ids[i], at[doc.ID] = doc.ID, i
	}
	vs, err := queryAll(ctx, q, scanVersion, `SELECT `+versionColumns+` FROM document_versions v
		LEFT JOIN users u ON u.id = v.uploaded_by WHERE v.document_id IN (`+placeholders(len(ids))+`)
		ORDER BY v.document_id, v.number DESC`, int64sAny(ids)...)
	if err != nil {
		return err
	}
	for _, v := range vs {
		doc := &docs[at[v.DocumentID]]
		doc.Versions = append(doc.Versions, v)
		if len(doc.Versions) == 1 {
			doc.Current = v
		}
	}
	return nil
}

// FindDocuments lists the meeting's documents the reader may read, in the
// order they were added, each with its versions. A meeting's documents are
// kept in memory while nothing they show has changed (page_cache.go: every
// change to them bumps the public version, bumpPublicVersion).
func (d *DB) FindDocuments(ctx context.Context, meetingID int64, r convene.DocumentReader) ([]convene.Document, error) {
	all, err := d.meetingDocumentsKept(ctx, meetingID)
	if err != nil {
		return nil, err
	}
	var out []convene.Document
	for _, doc := range all {
		if convene.CanRead(r, doc.Audience, doc.Named) {
			doc.Named, doc.Versions = slices.Clone(doc.Named), slices.Clone(doc.Versions)
			out = append(out, doc)
		}
	}
	return out, nil
}

// meetingDocuments reads every document of a meeting with its versions.
func meetingDocuments(ctx context.Context, q querier, meetingID int64) ([]convene.Document, error) {
	all, err := queryAll(ctx, q, scanDocument, `SELECT `+documentColumns+` FROM documents d
		WHERE d.meeting_id = ? ORDER BY d.id`, meetingID)
	if err != nil {
		return nil, err
	}
	return all, withVersions(ctx, q, all)
}

// findDocument reads one document of a meeting with its versions, if the
// reader may read it.
func findDocument(ctx context.Context, q querier, meetingID, id int64, r convene.DocumentReader) (convene.Document, error) {
	doc, err := queryOne(ctx, q, "Document", scanDocument, `SELECT `+documentColumns+` FROM documents d
		WHERE d.id = ? AND d.meeting_id = ?`, id, meetingID)
	if err != nil {
		return doc, err
	}
	if !convene.CanRead(r, doc.Audience, doc.Named) {
		return convene.Document{}, convene.NotFound("Document")
	}
	docs := []convene.Document{doc}
	err = withVersions(ctx, q, docs)
	return docs[0], err
}

// FindDocument returns one document of the meeting with its versions;
// ENOTFOUND when it is missing or the reader may not read it.
func (d *DB) FindDocument(ctx context.Context, meetingID, id int64, r convene.DocumentReader) (convene.Document, error) {
	var doc convene.Document
	err := d.view(ctx, func(tx *sql.Tx) error {
		var err error
		doc, err = findDocument(ctx, tx, meetingID, id, r)
		return err
	})
	return doc, err
}

// checkUpload applies the upload rules inside the transaction that stores
// the file: its type from its content, and the meeting's size limit as it
// stands at that moment.
func checkUpload(ctx context.Context, tx *Tx, meetingID int64, f UploadedFile) (convene.FileType, error) {
	limits, err := findDocumentLimits(ctx, tx, meetingID)
	if err != nil {
		return "", err
	}
	if err := convene.CheckDocumentSize("file", int64(len(f.Content)), limits.Effective()); err != nil {
		return "", err
	}
	return convene.DetectFileType("file", f.Name, f.Content)
}

// CreateDocument adds a document to a meeting with its first version, in
// one transaction with its audit row; doc.ID is set. It is what the upload
// page calls, and the demo's seeder calls the same createDocument.
func (d *DB) CreateDocument(ctx context.Context, doc *convene.Document, f UploadedFile) error {
	return d.update(ctx, func(tx *Tx) error { return createDocument(ctx, tx, doc, f) })
}

func createDocument(ctx context.Context, tx *Tx, doc *convene.Document, f UploadedFile) error {
	p := convene.Problems{}
	if err := convene.ValidateDocument(*doc); err != nil {
		for k, v := range convene.ErrorFields(err) {
			p.Add(k, v)
		}
	}
	t, err := checkUpload(ctx, tx, doc.MeetingID, f)
	for k, v := range convene.ErrorFields(err) {
		p.Add(k, v)
	}
	if err != nil && convene.ErrorCode(err) != convene.EINVALID {
		return err
	}
	if err := checkNamed(ctx, tx, doc.MeetingID, doc.Named); err != nil {
		p.Add("named", convene.ErrorMessage(err))
	}
	if err := p.Err(); err != nil {
		return err
	}
	now := formatTime(tx.now)
	if err := tx.QueryRowContext(ctx, `INSERT INTO documents (meeting_id, title, reference, kind, audience, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, doc.MeetingID, strings.TrimSpace(doc.Title),
		strings.TrimSpace(doc.Reference), doc.Kind, doc.Audience, now, now).Scan(&doc.ID); err != nil {
		return err
	}
	if doc.Audience == convene.AudienceNamed {
		for _, c := range doc.Named {
			if _, err := tx.ExecContext(ctx, `INSERT INTO document_countries (document_id, country_id) VALUES (?, ?)`, doc.ID, c); err != nil {
				return err
			}
		}
	}
	if _, err := insertVersion(ctx, tx, doc.ID, 1, t, f, ""); err != nil {
		return err
	}
	if err := bumpPublicVersion(ctx, tx); err != nil {
		return err
	}
	return tx.audit(ctx, "create", "document", doc.ID, fmt.Sprintf("document %q (%s, %s) added, version 1: %s, %s",
		doc.Title, doc.Kind.Label(), doc.Audience.Label(), t.Label(), convene.FormatBytes(int64(len(f.Content)))))
}

// checkNamed refuses countries that have no delegation at the meeting.
func checkNamed(ctx context.Context, tx *Tx, meetingID int64, named []int64) error {
	for _, c := range named {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM delegations WHERE meeting_id = ? AND country_id = ?`,
			meetingID, c).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return convene.Errorf(convene.EINVALID, "Tick only delegations taking part in this meeting.")
		}
	}
	return nil
}

func insertVersion(ctx context.Context, tx *Tx, docID int64, number int, t convene.FileType, f UploadedFile, changes string) (int64, error) {
	sum := sha256.Sum256(f.Content)
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO document_versions (document_id, number, file_name, file_type, size, sha256,
		changes, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		docID, number, f.Name, t, len(f.Content), hex.EncodeToString(sum[:]), strings.TrimSpace(changes),
		nullID(tx.actor.UserID), formatTime(tx.now)).Scan(&id)
	if err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO document_files (version_id, content) VALUES (?, ?)`, id, f.Content)
	return id, err
}

// AddDocumentVersion uploads a new version of a document: the earlier ones
// stay listed as superseded. changes says what changed and is required.
func (d *DB) AddDocumentVersion(ctx context.Context, meetingID, docID int64, changes string, f UploadedFile) (int, error) {
	var number int
	err := d.update(ctx, func(tx *Tx) error {
		var err error
		number, err = addDocumentVersion(ctx, tx, meetingID, docID, changes, f)
		return err
	})
	return number, err
}

func addDocumentVersion(ctx context.Context, tx *Tx, meetingID, docID int64, changes string, f UploadedFile) (int, error) {
	doc, err := findDocument(ctx, tx, meetingID, docID, convene.DocumentReader{Secretariat: true})
	if err != nil {
		return 0, err
	}
	p := convene.Problems{}
	if strings.TrimSpace(changes) == "" {
		p.Add("changes", "Say in a sentence what changed since version "+strconv.Itoa(doc.Current.Number)+".")
	}
	t, err := checkUpload(ctx, tx, meetingID, f)
	for k, v := range convene.ErrorFields(err) {
		p.Add(k, v)
	}
	if err != nil && convene.ErrorCode(err) != convene.EINVALID {
		return 0, err
	}
	if err := p.Err(); err != nil {
		return 0, err
	}
	number := doc.Current.Number + 1
	if _, err := insertVersion(ctx, tx, docID, number, t, f, changes); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET updated_at = ? WHERE id = ?`, formatTime(tx.now), docID); err != nil {
		return 0, err
	}
	if err := bumpPublicVersion(ctx, tx); err != nil {
		return 0, err
	}
	return number, tx.audit(ctx, "update", "document", docID, fmt.Sprintf("document %q: version %d uploaded (%s, %s): %s",
		doc.Title, number, t.Label(), convene.FormatBytes(int64(len(f.Content))), strings.TrimSpace(changes)))
}

// DeleteDocument deletes a document with every version, file and download
// record.
func (d *DB) DeleteDocument(ctx context.Context, meetingID, docID int64) error {
	return d.update(ctx, func(tx *Tx) error {
		doc, err := findDocument(ctx, tx, meetingID, docID, convene.DocumentReader{Secretariat: true})
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE id = ?`, docID); err != nil {
			return err
		}
		if err := bumpPublicVersion(ctx, tx); err != nil {
			return err
		}
		return tx.audit(ctx, "delete", "document", docID, fmt.Sprintf("document %q deleted with its %d versions", doc.Title, len(doc.Versions)))
	})
}

// DeleteDocumentVersion deletes one version (a wrong upload); the only
// version of a document is refused: delete the document instead.
func (d *DB) DeleteDocumentVersion(ctx context.Context, meetingID, docID int64, number int) error {
	return d.update(ctx, func(tx *Tx) error {
		doc, err := findDocument(ctx, tx, meetingID, docID, convene.DocumentReader{Secretariat: true})
		if err != nil {
			return err
		}
		if len(doc.Versions) == 1 && doc.Versions[0].Number == number {
			return convene.Errorf(convene.ECONFLICT, "Version %d is the only version of %q: delete the document instead.", number, doc.Title)
		}
		r, err := tx.ExecContext(ctx, `DELETE FROM document_versions WHERE document_id = ? AND number = ?`, docID, number)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return convene.NotFound("Version")
		}
		if err := bumpPublicVersion(ctx, tx); err != nil {
			return err
		}
		return tx.audit(ctx, "delete", "document", docID, fmt.Sprintf("document %q: version %d deleted", doc.Title, number))
	})
}

// bumpPublicVersion tells the public page cache that what visitors see has
// changed (a public document is listed on the meeting's page). Tables of
// migration 01500 onwards do it by trigger; documents come from migration
// 01300, which a new database applies before public_version exists, so
// every document write calls this in its own transaction instead.
func bumpPublicVersion(ctx context.Context, tx *Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE public_version SET version = version + 1 WHERE id = 1`)
	return err
}
