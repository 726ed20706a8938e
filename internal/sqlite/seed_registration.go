package sqlite

import (
	"context"
	"database/sql"

	"convene/internal/convene"
)

// SeedRegistration adds a person with their registration details in the
// status given, without a quota check: the demo sets up delegations at
// every stage, including over-quota waiting lists it numbers itself.
func (s *Seeder) SeedRegistration(ctx context.Context, r *convene.Registration) error {
	if err := createRegistration(ctx, s.tx, r); err != nil {
		return err
	}
	return s.tx.audit(ctx, "nominate", "delegate", r.ID, "status: \""+string(r.Status)+"\" (demo)")
}

// SeedTransition moves a person through the state machine as the web
// layer would, audit row and outbox messages (the person's and their focal
// point's) included.
func (s *Seeder) SeedTransition(ctx context.Context, id int64, act convene.RegAction, reason string) error {
	_, err := decide(ctx, s.tx, id, act, reason)
	return err
}

// DelegationID returns the id of a country's delegation to a meeting.
func (s *Seeder) DelegationID(ctx context.Context, meetingID, countryID int64) (int64, error) {
	var id int64
	err := s.tx.QueryRowContext(ctx, `SELECT id FROM delegations WHERE meeting_id = ? AND country_id = ?`,
		meetingID, countryID).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, convene.NotFound("Delegation")
	}
	return id, err
}

// RecomputeDelegationStatuses derives every delegation's status of a
// meeting from its people, so that demo data tells one consistent story.
func (s *Seeder) RecomputeDelegationStatuses(ctx context.Context, meetingID int64) error {
	ids, err := queryAll(ctx, s.tx, scanID, `SELECT id FROM delegations WHERE meeting_id = ?`, meetingID)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := recomputeDelegationStatus(ctx, s.tx, id); err != nil {
			return err
		}
	}
	return nil
}

// SeedFindRegistration reads one person's registration inside the seeding
// transaction.
func (s *Seeder) SeedFindRegistration(ctx context.Context, id int64) (convene.Registration, error) {
	return findRegistration(ctx, s.tx, id)
}

// SeedUpdateRegistration saves a person's details through the one write of
// every form (updateRegistration): for an accredited person the identity
// fields become a pending change, queued for the secretariat as the pages
// do it.
func (s *Seeder) SeedUpdateRegistration(ctx context.Context, r *convene.Registration, via convene.ChangeVia) (convene.PendingChange, error) {
	return updateRegistration(ctx, s.tx, r, via, "self_register")
}
