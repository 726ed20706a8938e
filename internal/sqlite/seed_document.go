package sqlite

import (
	"context"

	"convene/internal/convene"
)

// CreateDocument adds a meeting paper inside the seeding transaction,
// through the upload page's createDocument (same rules, same audit row).
func (s *Seeder) CreateDocument(ctx context.Context, doc *convene.Document, f UploadedFile) error {
	return createDocument(ctx, s.tx, doc, f)
}

// AddDocumentVersion uploads a new version of a paper inside the seeding
// transaction, through the new-version page's addDocumentVersion.
func (s *Seeder) AddDocumentVersion(ctx context.Context, meetingID, docID int64, changes string, f UploadedFile) (int, error) {
	return addDocumentVersion(ctx, s.tx, meetingID, docID, changes, f)
}
