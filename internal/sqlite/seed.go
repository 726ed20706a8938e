package sqlite

import (
	"context"

	"convene/internal/convene"
)

// Seeder creates records inside one write transaction. The demo loader and
// the benchmark's data generator use it, so that a dataset is stored whole or
// not at all, and each record still gets its audit row.
type Seeder struct {
	tx *Tx
	d  *DB // for what the pages' methods need of the store (its public address)
}

// Seed runs fn with a Seeder in one transaction and commits if fn succeeds.
func (d *DB) Seed(ctx context.Context, fn func(s *Seeder) error) error {
	return d.update(ctx, func(tx *Tx) error { return fn(&Seeder{tx: tx, d: d}) })
}

// Countries returns every country in protocol order on the seeding day,
// read inside the seeding transaction: the demo looks up the countries the
// migrations ship rather than creating them.
func (s *Seeder) Countries(ctx context.Context) ([]convene.Country, error) {
	ref, err := loadReference(ctx, s.tx)
	return ref.on(convene.DateOf(s.tx.now)).order, err
}

// CreateFocusAreas adds focus areas.
func (s *Seeder) CreateFocusAreas(ctx context.Context, fas []convene.FocusArea) error {
	return createFocusAreas(ctx, s.tx, fas)
}

// CreateVenue adds a venue with its rooms.
func (s *Seeder) CreateVenue(ctx context.Context, v *convene.Venue) error {
	return createVenue(ctx, s.tx, v)
}

// CreateMeeting adds a meeting.
func (s *Seeder) CreateMeeting(ctx context.Context, m *convene.Meeting) error {
	return createMeeting(ctx, s.tx, m)
}

// CreateUser adds an account.
func (s *Seeder) CreateUser(ctx context.Context, u *convene.User) error {
	return createUser(ctx, s.tx, u)
}

// CreateDelegation adds a delegation.
func (s *Seeder) CreateDelegation(ctx context.Context, g *convene.Delegation) error {
	return createDelegation(ctx, s.tx, g)
}

// CreateDelegate adds a delegate.
func (s *Seeder) CreateDelegate(ctx context.Context, p *convene.Delegate) error {
	return createDelegate(ctx, s.tx, p)
}
