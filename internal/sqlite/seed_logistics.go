package sqlite

import (
	"context"

	"convene/internal/convene"
)

// CreateRoomBlock adds a hotel room block.
func (s *Seeder) CreateRoomBlock(ctx context.Context, b *convene.RoomBlock) error {
	return createRoomBlock(ctx, s.tx, b)
}

// CreateLiaisonOfficer adds a liaison officer.
func (s *Seeder) CreateLiaisonOfficer(ctx context.Context, o *convene.LiaisonOfficer) error {
	return createLiaisonOfficer(ctx, s.tx, o)
}

// AssignRooms stores hotel stays with the same block checks as DB.AssignRooms.
func (s *Seeder) AssignRooms(ctx context.Context, meetingID int64, stays []convene.Stay) error {
	return assignRooms(ctx, s.tx, meetingID, stays, true)
}

// DelegatesOf returns a meeting's delegates in protocol order, read inside
// the seeding transaction so that records created earlier in it are seen.
func (s *Seeder) DelegatesOf(ctx context.Context, meetingID int64) ([]convene.Delegate, error) {
	po, err := meetingProtocol(ctx, s.tx, meetingID)
	if err != nil {
		return nil, err
	}
	out, err := queryAll(ctx, s.tx, scanDelegate, protocolOrderCTE+`SELECT `+delegateColumns+delegateFrom+protocolOrderJoin+`
		WHERE g.meeting_id = ? ORDER BY `+protocolOrderBy+`, p.precedence, p.sort_name, p.id`, po.json(), meetingID)
	for i := range out {
		po.set(&out[i].Country)
	}
	return out, err
}

// DelegationsOf returns a meeting's delegations in protocol order, read
// inside the seeding transaction.
func (s *Seeder) DelegationsOf(ctx context.Context, meetingID int64) ([]convene.Delegation, error) {
	return meetingDelegationList(ctx, s.tx, meetingID)
}

// SaveTravelLeg stores an arrival or departure.
func (s *Seeder) SaveTravelLeg(ctx context.Context, meetingID int64, l *convene.TravelLeg) error {
	return saveTravelLeg(ctx, s.tx, meetingID, l)
}

// CreateTransferRuns stores planned transfer runs.
func (s *Seeder) CreateTransferRuns(ctx context.Context, runs []convene.TransferRun) error {
	return createTransferRuns(ctx, s.tx, runs)
}

// LiaisonOfficersOf returns a meeting's liaison officers in the order they
// were added, read inside the seeding transaction.
func (s *Seeder) LiaisonOfficersOf(ctx context.Context, meetingID int64) ([]convene.LiaisonOfficer, error) {
	return queryAll(ctx, s.tx, scanLiaisonOfficer, `SELECT o.id, o.meeting_id, coalesce(o.delegation_id, 0), o.name,
		o.mobile, o.email, o.languages, o.notes, 0, '', '' FROM liaison_officers o WHERE o.meeting_id = ? ORDER BY o.id`, meetingID)
}

// CreateBadgeHolder registers a badge holder with the same checks as
// DB.CreateBadgeHolder.
func (s *Seeder) CreateBadgeHolder(ctx context.Context, h *convene.BadgeHolder) error {
	return createBadgeHolder(ctx, s.tx, h)
}

// IssueHolderBadges prints badge holders' badges as DB.IssueHolderBadges.
func (s *Seeder) IssueHolderBadges(ctx context.Context, meetingID int64, holderIDs []int64, reprint bool) (int, error) {
	return issueHolderBadges(ctx, s.tx, meetingID, holderIDs, reprint)
}

// SaveVenueNotes writes a meeting's venue notes as DB.SaveVenueNotes.
func (s *Seeder) SaveVenueNotes(ctx context.Context, v convene.VenueNotes) error {
	return saveVenueNotes(ctx, s.tx, v)
}
