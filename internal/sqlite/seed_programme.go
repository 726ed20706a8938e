package sqlite

import (
	"context"
	"database/sql"

	"convene/internal/convene"
)

// CreateSession adds a programme session inside the seeding transaction,
// with the same validation and clash checks as the secretariat's form.
func (s *Seeder) CreateSession(ctx context.Context, x *convene.Session) error {
	_, err := saveSession(ctx, s.tx, 0, x)
	return err
}

// CreateRoomHold holds a room inside the seeding transaction, with the same
// validation and clash checks as the holds page.
func (s *Seeder) CreateRoomHold(ctx context.Context, h *convene.RoomHold) error {
	return saveRoomHold(ctx, s.tx, 0, h, true)
}

// PublishProgramme publishes a meeting's programme inside the seeding
// transaction, as the secretariat's Publish button does.
func (s *Seeder) PublishProgramme(ctx context.Context, meetingID int64, note string) error {
	_, err := publishProgramme(ctx, s.tx, meetingID, note)
	return err
}

// FindDelegateID returns the id of a delegate of a meeting's delegation by
// name, so that the demo can link an account to a delegate it created.
func (s *Seeder) FindDelegateID(ctx context.Context, meetingCode, iso3, given, family string) (int64, error) {
	var id int64
	err := s.tx.QueryRowContext(ctx, `SELECT p.id FROM delegates p JOIN delegations g ON g.id = p.delegation_id
		JOIN meetings m ON m.id = g.meeting_id JOIN countries c ON c.id = g.country_id
		WHERE m.code = ? AND c.iso3 = ? AND p.given_name = ? AND p.family_name = ?`,
		meetingCode, iso3, given, family).Scan(&id)
	if err == sql.ErrNoRows {
		return 0, convene.NotFound("Delegate")
	}
	return id, err
}
