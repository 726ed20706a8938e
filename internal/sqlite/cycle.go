package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"convene/internal/convene"
)

// Next year's calendar: from the meetings of a year, the secretariat
// generates the next year's as proposals (convene.NextCycle), reviews them
// and creates those it ticks in one transaction.

// ProposeNextCycle returns next year's meetings as Convene proposes them
// from year's (none stored yet): the same kinds and months, the next
// year's chair hosting, the participants each kind expects.
func (d *DB) ProposeNextCycle(ctx context.Context, year int) ([]convene.CycleProposal, error) {
	var out []convene.CycleProposal
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = proposeCycle(ctx, tx, year)
		return err
	})
	return out, err
}

// proposeCycle reads what convene.NextCycle needs in q.
func proposeCycle(ctx context.Context, q querier, year int) ([]convene.CycleProposal, error) {
	meetings, err := queryAll(ctx, q, scanMeeting, `SELECT `+meetingColumns+meetingFrom+
		` WHERE m.start_date >= ? AND m.start_date < ? ORDER BY m.start_date, m.code`,
		fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-01-01", year+1))
	if err != nil {
		return nil, err
	}
	chairs, err := findChairs(ctx, q, year+1, year+1)
	if err != nil {
		return nil, err
	}
	cochairs, err := findCochairs(ctx, q)
	if err != nil {
		return nil, err
	}
	ref, err := loadReference(ctx, q)
	if err != nil {
		return nil, err
	}
	codes, err := queryAll(ctx, q, func(s scanner) (c string, err error) { return c, s.Scan(&c) }, `SELECT code FROM meetings`)
	if err != nil {
		return nil, err
	}
	taken := make(map[string]bool, len(codes))
	for _, c := range codes {
		taken[c] = true
	}
	return convene.NextCycle(meetings, year, convene.ChairOf(chairs, year+1), cochairs,
		func(day convene.Date) []convene.Country { return ref.on(day).order },
		func(code string) bool { return taken[code] }), nil
}

// CreateNextCycle creates the proposals of next year's cycle (from year's
// meetings) whose codes are ticked, each with one delegation per
// participant at its source's default quota, in one transaction: every
// meeting and delegation with its audit row, and one row for the whole
// generation. Nothing ticked, or a code no longer proposed, is a problem
// for the "meetings" field, and nothing is written.
func (d *DB) CreateNextCycle(ctx context.Context, year int, codes []string) ([]convene.Meeting, error) {
	var out []convene.Meeting
	err := d.update(ctx, func(tx *Tx) (err error) {
		out, err = createNextCycle(ctx, tx, year, codes)
		return err
	})
	return out, err
}

func createNextCycle(ctx context.Context, tx *Tx, year int, codes []string) ([]convene.Meeting, error) {
	proposals, err := proposeCycle(ctx, tx, year)
	if err != nil {
		return nil, err
	}
	if err := convene.CheckCycleChoice(proposals, codes); err != nil {
		return nil, err
	}
	var out []convene.Meeting
	for _, p := range proposals {
		if !tickedCode(codes, p.Meeting.Code) {
			continue
		}
		quota, err := findDefaultQuota(ctx, tx, p.Source.ID)
		if err != nil {
			return nil, err
		}
		m := p.Meeting
		if err := createMeeting(ctx, tx, &m); err != nil {
			return nil, fmt.Errorf("%s: %w", m.Code, err)
		}
		if err := setDefaultQuota(ctx, tx, m.ID, quota); err != nil {
			return nil, err
		}
		if _, err := addParticipants(ctx, tx, m.ID, p.Participants, quota); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	var made []string
	for _, m := range out {
		made = append(made, m.Code)
	}
	return out, tx.audit(ctx, "generate", "meeting", 0,
		fmt.Sprintf("%d cycle from %d: %s", year+1, year, strings.Join(made, ", ")))
}

func tickedCode(codes []string, code string) bool {
	for _, c := range codes {
		if c == code {
			return true
		}
	}
	return false
}
