package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"convene/internal/convene"
)

// holderColumns read a badge holder with its current valid badge (zero
// when none): a liaison officer's name and delegation come from the
// officer's own record in logistics, never from a copy.
const holderColumns = `h.id, h.meeting_id, h.category, coalesce(o.name, h.name),
	CASE WHEN o.id IS NULL THEN h.organisation ELSE coalesce('Liaison to the delegation of ' || lc.name, 'Host liaison officer') END,
	coalesce(h.liaison_officer_id, 0),
	coalesce(b.id, 0), coalesce(b.code, ''), coalesce(b.version, 0), coalesce(b.status, ''), coalesce(b.printed_at, '')`

const holderFrom = ` FROM badge_holders h` + holderOfficerJoin + `
	LEFT JOIN holder_badges b ON b.holder_id = h.id AND b.status = 'active'`

// holderOfficerJoin reads a liaison officer's name and delegation from
// the officer's own record.
const holderOfficerJoin = ` LEFT JOIN liaison_officers o ON o.id = h.liaison_officer_id
	LEFT JOIN delegations lg ON lg.id = o.delegation_id LEFT JOIN countries lc ON lc.id = lg.country_id`

func scanHolder(row scanner) (convene.BadgeHolder, error) {
	var h convene.BadgeHolder
	var printed string
	err := row.Scan(&h.ID, &h.MeetingID, &h.Category, &h.Name, &h.Organisation, &h.LiaisonOfficerID,
		&h.Badge.ID, &h.Badge.Code, &h.Badge.Version, &h.Badge.Status, &printed)
	h.Badge.PrintedAt, h.Badge.MeetingID, h.Badge.HolderID, h.Badge.HolderName = parseTime(printed), h.MeetingID, h.ID, h.Name
	return h, err
}

// CreateBadgeHolder registers someone who needs a badge on site without
// being a delegate. A liaison officer is registered by pointing at their
// record in logistics, which must be of the same meeting.
func (d *DB) CreateBadgeHolder(ctx context.Context, h *convene.BadgeHolder) error {
	return d.update(ctx, func(tx *Tx) error { return createBadgeHolder(ctx, tx, h) })
}

func createBadgeHolder(ctx context.Context, tx *Tx, h *convene.BadgeHolder) error {
	if err := h.Validate(); err != nil {
		return err
	}
	if h.Category == convene.BandLiaison {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM liaison_officers WHERE id = ? AND meeting_id = ?`,
			h.LiaisonOfficerID, h.MeetingID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
				Fields: map[string]string{"liaison_officer_id": "Choose one of this meeting's liaison officers."}}
		}
		h.Name, h.Organisation = "", ""
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO badge_holders (meeting_id, category, name, organisation, liaison_officer_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, h.MeetingID, string(h.Category), h.Name, h.Organisation, nullID(h.LiaisonOfficerID), formatTime(tx.now))
	if err != nil {
		if convene.ErrorCode(translate(err)) == convene.ECONFLICT {
			return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
				Fields: map[string]string{"liaison_officer_id": "This liaison officer already has a badge holder entry."}}
		}
		return fmt.Errorf("insert badge holder: %w", err)
	}
	if h.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	return tx.audit(ctx, "create", "badge_holder", h.ID, summarize(nil, fields{"meeting_id": fmt.Sprint(h.MeetingID),
		"category": string(h.Category), "name": h.Name, "organisation": h.Organisation,
		"liaison_officer_id": fmt.Sprint(h.LiaisonOfficerID)}))
}

// FindBadgeHolders returns a meeting's badge holders by category (in
// convene.BadgeBands order) and name, each with their valid badge if any.
func (d *DB) FindBadgeHolders(ctx context.Context, meetingID int64) ([]convene.BadgeHolder, error) {
	var out []convene.BadgeHolder
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, scanHolder, `SELECT `+holderColumns+holderFrom+` WHERE h.meeting_id = ?
			ORDER BY CASE h.category WHEN 'staff' THEN 0 WHEN 'liaison' THEN 1 WHEN 'driver' THEN 2 WHEN 'media' THEN 3 ELSE 4 END,
			coalesce(o.name, h.name), h.id`, meetingID)
		return err
	})
	return out, err
}

// IssueHolderBadges prints badges for the given badge holders of a meeting
// (nil: every holder without a valid badge), with an audit row per badge.
// A holder who holds a valid badge is skipped unless reprint is set: then
// the old badge is superseded and refused at check-in from now on. It
// returns how many badges it issued.
func (d *DB) IssueHolderBadges(ctx context.Context, meetingID int64, holderIDs []int64, reprint bool) (int, error) {
	var issued int
	err := d.update(ctx, func(tx *Tx) (err error) {
		issued, err = issueHolderBadges(ctx, tx, meetingID, holderIDs, reprint)
		return err
	})
	return issued, err
}

func issueHolderBadges(ctx context.Context, tx *Tx, meetingID int64, holderIDs []int64, reprint bool) (int, error) {
	issued := 0
	err := func() error {
		if holderIDs == nil {
			rows, err := queryAll(ctx, tx, scanID, `SELECT h.id FROM badge_holders h WHERE h.meeting_id = ?
				AND NOT EXISTS (SELECT 1 FROM holder_badges b WHERE b.holder_id = h.id AND b.status = 'active') ORDER BY h.id`, meetingID)
			if err != nil {
				return err
			}
			holderIDs = rows
		}
		for _, id := range holderIDs {
			var activeID int64
			var version int
			err := tx.QueryRowContext(ctx, `SELECT coalesce((SELECT id FROM holder_badges WHERE holder_id = h.id AND status = 'active'), 0),
				coalesce((SELECT max(version) FROM holder_badges WHERE holder_id = h.id), 0)
				FROM badge_holders h WHERE h.id = ? AND h.meeting_id = ?`, id, meetingID).Scan(&activeID, &version)
			if errors.Is(err, sql.ErrNoRows) {
				return convene.NotFound("Badge holder")
			} else if err != nil {
				return err
			}
			if activeID != 0 {
				if !reprint {
					continue
				}
				if _, err := tx.ExecContext(ctx, `UPDATE holder_badges SET status = 'superseded' WHERE id = ?`, activeID); err != nil {
					return err
				}
				if err := tx.audit(ctx, "supersede", "holder_badge", activeID, fmt.Sprintf("version %d superseded by a reprint", version)); err != nil {
					return err
				}
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO holder_badges (meeting_id, holder_id, code, version, status, printed_by, printed_at)
				VALUES (?, ?, ?, ?, 'active', ?, ?)`, meetingID, id, convene.NewBadgeCode(), version+1,
				nullID(tx.actor.UserID), formatTime(tx.now))
			if err != nil {
				return fmt.Errorf("insert holder badge: %w", err)
			}
			bid, err := res.LastInsertId()
			if err != nil {
				return err
			}
			// As for delegates' badges, the code stays out of the log.
			if err := tx.audit(ctx, "print", "holder_badge", bid, fmt.Sprintf("holder_id: %d; version: %d", id, version+1)); err != nil {
				return err
			}
			issued++
		}
		return nil
	}()
	return issued, err
}

// RevokeHolderBadge withdraws a badge holder's valid badge, so that its
// code is refused at check-in from now on.
func (d *DB) RevokeHolderBadge(ctx context.Context, meetingID, badgeID int64) error {
	return d.update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE holder_badges SET status = 'revoked' WHERE id = ? AND meeting_id = ? AND status = 'active'`,
			badgeID, meetingID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return convene.NotFound("Valid badge")
		}
		return tx.audit(ctx, "revoke", "holder_badge", badgeID, "status: \"active\" → \"revoked\"")
	})
}

// FindBadgeZones returns the zones each category opens at a meeting: what
// the secretariat set, the defaults for the rest (BadgeZones.For).
func (d *DB) FindBadgeZones(ctx context.Context, meetingID int64) (convene.BadgeZones, error) {
	out := convene.BadgeZones{}
	err := d.view(ctx, func(tx *sql.Tx) error { return badgeZones(ctx, tx, meetingID, out) })
	return out, err
}

func badgeZones(ctx context.Context, q querier, meetingID int64, out convene.BadgeZones) error {
	type row struct{ cat, zones string }
	rows, err := queryAll(ctx, q, func(s scanner) (r row, err error) { return r, s.Scan(&r.cat, &r.zones) },
		`SELECT category, zones FROM badge_zones WHERE meeting_id = ?`, meetingID)
	for _, r := range rows {
		out[convene.BadgeBand(r.cat)] = convene.ReadZones(r.zones)
	}
	return err
}

// SetBadgeZones sets the zones a category opens at a meeting.
func (d *DB) SetBadgeZones(ctx context.Context, meetingID int64, category convene.BadgeBand, zones []convene.Zone) error {
	if _, ok := convene.ParseBadgeBand(string(category)); !ok {
		return &convene.Error{Code: convene.EINVALID, Message: "Please correct the fields marked below.",
			Fields: map[string]string{"category": "Choose one of the categories listed."}}
	}
	return d.update(ctx, func(tx *Tx) error {
		before := convene.BadgeZones{}
		if err := badgeZones(ctx, tx, meetingID, before); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO badge_zones (meeting_id, category, zones) VALUES (?, ?, ?)
			ON CONFLICT (meeting_id, category) DO UPDATE SET zones = excluded.zones`,
			meetingID, string(category), convene.FormatZones(zones)); err != nil {
			return err
		}
		return tx.audit(ctx, "update", "badge_zones", meetingID, summarize(
			fields{string(category): convene.FormatZones(before.For(category))}, fields{string(category): convene.FormatZones(zones)}))
	})
}
