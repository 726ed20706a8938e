package sqlite

import (
	"context"
	"time"

	"convene/internal/convene"
)

// OpenPoll opens a demo meeting's availability poll with the same checks
// and the same invitations as the planner's form.
func (s *Seeder) OpenPoll(ctx context.Context, meetingID int64, starts []convene.Date, closesOn convene.Date) (convene.Poll, error) {
	return s.d.openPoll(ctx, s.tx, meetingID, starts, closesOn)
}

// AnswerPoll records a demo delegation's answers as its focal point's page
// does.
func (s *Seeder) AnswerPoll(ctx context.Context, meetingID, delegationID int64, answers []convene.PollResponse) error {
	return answerPoll(ctx, s.tx, meetingID, delegationID, answers)
}

// ProposeNextCycle proposes next year's demo meetings as the review page
// does.
func (s *Seeder) ProposeNextCycle(ctx context.Context, year int) ([]convene.CycleProposal, error) {
	return proposeCycle(ctx, s.tx, year)
}

// CreateNextCycle creates the ticked proposals as the review page does.
func (s *Seeder) CreateNextCycle(ctx context.Context, year int, codes []string) ([]convene.Meeting, error) {
	return createNextCycle(ctx, s.tx, year, codes)
}

// Now is the seeding transaction's time: what the demo's polls count their
// closing day from, as the pages count from the store's clock.
func (s *Seeder) Now() time.Time { return s.tx.now }
