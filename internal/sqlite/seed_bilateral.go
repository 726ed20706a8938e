package sqlite

import (
	"context"

	"convene/internal/convene"
)

// CreateBilateral adds a bilateral request for the demo.
func (s *Seeder) CreateBilateral(ctx context.Context, b *convene.Bilateral) error {
	return createBilateral(ctx, s.tx, b)
}

// ActOnBilateral moves a demo request on as the secretariat would, so the
// demo can show every state with the audit rows a real request leaves.
func (s *Seeder) ActOnBilateral(ctx context.Context, meetingID, id int64, act convene.BilateralAction, response string) error {
	side := convene.SideSecretariat
	_, err := actOnBilateral(ctx, s.tx, meetingID, id, act, response, &side)
	return err
}

// ScheduleBilateral places a demo bilateral with the same checks as the
// secretariat's form.
func (s *Seeder) ScheduleBilateral(ctx context.Context, meetingID, id int64, p convene.Placement) error {
	_, err := scheduleBilateral(ctx, s.tx, meetingID, id, p, true)
	return err
}
