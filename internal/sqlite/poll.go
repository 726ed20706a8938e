package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"convene/internal/convene"
	"convene/internal/paths"
)

// A meeting's availability poll (convene.Poll): opened by the secretariat,
// answered by each delegation's focal point, closed by confirming one of
// its candidates (confirmDates). Every change is one transaction with its
// audit row, and every message it sends is queued in the outbox in that
// same transaction.

// OpenPoll opens the meeting's poll on the candidates (first days) with
// its closing day (convene.NewPoll decides, on today in the meeting's
// zone). It sends nothing: the secretariat asks the focal points with
// RemindPoll when it is ready. A meeting has one poll. Problems are for the
// fields "candidates" and "closes_on".
func (d *DB) OpenPoll(ctx context.Context, meetingID int64, starts []convene.Date, closesOn convene.Date) (convene.Poll, error) {
	var p convene.Poll
	err := d.update(ctx, func(tx *Tx) (err error) {
		p, err = d.openPoll(ctx, tx, meetingID, starts, closesOn)
		return err
	})
	return p, err
}

func (d *DB) openPoll(ctx context.Context, tx *Tx, meetingID int64, starts []convene.Date, closesOn convene.Date) (convene.Poll, error) {
	m, err := findMeeting(ctx, tx, meetingID)
	if err != nil {
		return convene.Poll{}, err
	}
	if _, err := findPoll(ctx, tx, meetingID); err == nil {
		return convene.Poll{}, convene.Errorf(convene.EINVALID, "%s already has a poll: follow it on its page.", m.Title)
	} else if convene.ErrorCode(err) != convene.ENOTFOUND {
		return convene.Poll{}, err
	}
	p, err := convene.NewPoll(m, starts, closesOn, convene.DateOf(tx.now.In(m.Location())))
	if err != nil {
		return p, err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO polls (meeting_id, closes_on, status, created_at) VALUES (?, ?, ?, ?)`,
		m.ID, formatDate(p.ClosesOn), p.Status, formatTime(tx.now))
	if err != nil {
		return p, fmt.Errorf("insert poll: %w", err)
	}
	if p.ID, err = res.LastInsertId(); err != nil {
		return p, err
	}
	p.CreatedAt = tx.now
	var labels []string
	for i := range p.Candidates {
		c := &p.Candidates[i]
		res, err := tx.ExecContext(ctx, `INSERT INTO poll_candidates (poll_id, start_date, end_date) VALUES (?, ?, ?)`,
			p.ID, formatDate(c.Start), formatDate(c.End))
		if err != nil {
			return p, fmt.Errorf("insert poll candidate: %w", err)
		}
		if c.ID, err = res.LastInsertId(); err != nil {
			return p, err
		}
		labels = append(labels, c.Label())
	}
	return p, tx.audit(ctx, "create", "poll", p.ID, summarize(nil, fields{"meeting": m.Code,
		"candidates": strings.Join(labels, "; "), "closes_on": p.ClosesOn.String()}))
}

const pollColumns = `id, meeting_id, closes_on, status, confirmed_start, created_at, closed_at`

// findPoll returns the meeting's poll with its candidates in date order.
func findPoll(ctx context.Context, q querier, meetingID int64) (convene.Poll, error) {
	p, err := queryOne(ctx, q, "Poll", func(s scanner) (p convene.Poll, err error) {
		var closes, confirmed, created, closed string
		err = s.Scan(&p.ID, &p.MeetingID, &closes, &p.Status, &confirmed, &created, &closed)
		p.ClosesOn, p.ConfirmedStart = parseDate(closes), parseDate(confirmed)
		p.CreatedAt, p.ClosedAt = parseTime(created), parseTime(closed)
		return p, err
	}, `SELECT `+pollColumns+` FROM polls WHERE meeting_id = ?`, meetingID)
	if err != nil {
		return p, err
	}
	p.Candidates, err = queryAll(ctx, q, func(s scanner) (c convene.PollCandidate, err error) {
		var start, end string
		err = s.Scan(&c.ID, &start, &end)
		c.Start, c.End = parseDate(start), parseDate(end)
		return c, err
	}, `SELECT id, start_date, end_date FROM poll_candidates WHERE poll_id = ? ORDER BY start_date`, p.ID)
	return p, err
}

// FindPoll returns the meeting's poll, ENOTFOUND when it has none.
func (d *DB) FindPoll(ctx context.Context, meetingID int64) (convene.Poll, error) {
	var p convene.Poll
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		p, err = findPoll(ctx, tx, meetingID)
		return err
	})
	return p, err
}

// FindPollAnswers returns the answers to the poll: every delegation's, or
// only the delegation's when delegationID is not 0 (a focal point sees only
// their own).
func (d *DB) FindPollAnswers(ctx context.Context, pollID, delegationID int64) ([]convene.PollResponse, error) {
	var out []convene.PollResponse
	err := d.view(ctx, func(tx *sql.Tx) (err error) {
		out, err = queryAll(ctx, tx, func(s scanner) (r convene.PollResponse, err error) {
			var at string
			err = s.Scan(&r.CandidateID, &r.DelegationID, &r.CountryID, &r.Answer, &r.Comment, &at)
			r.AnsweredAt = parseTime(at)
			return r, err
		}, `SELECT a.candidate_id, a.delegation_id, g.country_id, a.answer, a.comment, a.answered_at
			FROM poll_answers a JOIN poll_candidates k ON k.id = a.candidate_id JOIN delegations g ON g.id = a.delegation_id
			WHERE k.poll_id = ? AND (? = 0 OR a.delegation_id = ?) ORDER BY k.start_date, g.id`,
			pollID, delegationID, delegationID)
		return err
	})
	return out, err
}

// AnswerPoll stores one delegation's answers to every candidate of the
// meeting's poll, replacing its earlier ones, while the poll is open on
// today in the meeting's zone (convene.CheckPollAnswers). Problems are for
// each candidate's fields; a closed poll is refused with its reason.
func (d *DB) AnswerPoll(ctx context.Context, meetingID, delegationID int64, answers []convene.PollResponse) error {
	return d.update(ctx, func(tx *Tx) error { return answerPoll(ctx, tx, meetingID, delegationID, answers) })
}

func answerPoll(ctx context.Context, tx *Tx, meetingID, delegationID int64, answers []convene.PollResponse) error {
	m, err := findMeeting(ctx, tx, meetingID)
	if err != nil {
		return err
	}
	p, err := findPoll(ctx, tx, meetingID)
	if err != nil {
		return err
	}
	var iso3 string
	if err := tx.QueryRowContext(ctx, `SELECT c.iso3 FROM delegations g JOIN countries c ON c.id = g.country_id
		WHERE g.id = ? AND g.meeting_id = ?`, delegationID, meetingID).Scan(&iso3); err == sql.ErrNoRows {
		return convene.NotFound("Delegation")
	} else if err != nil {
		return err
	}
	if err := convene.CheckPollAnswers(p, convene.DateOf(tx.now.In(m.Location())), answers); err != nil {
		return err
	}
	before, after := fields{}, fields{}
	for _, c := range p.Candidates {
		var old, comment string
		err := tx.QueryRowContext(ctx, `SELECT answer, comment FROM poll_answers WHERE candidate_id = ? AND delegation_id = ?`,
			c.ID, delegationID).Scan(&old, &comment)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		if err == nil {
			before[c.Start.String()] = answerSummary(convene.PollAnswer(old), comment)
		}
	}
	for _, a := range answers {
		if _, err := tx.ExecContext(ctx, `INSERT INTO poll_answers (candidate_id, delegation_id, answer, comment,
			answered_by, answered_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (candidate_id, delegation_id) DO UPDATE SET
			answer = excluded.answer, comment = excluded.comment, answered_by = excluded.answered_by,
			answered_at = excluded.answered_at`, a.CandidateID, delegationID, a.Answer, strings.TrimSpace(a.Comment),
			nullID(tx.actor.UserID), formatTime(tx.now)); err != nil {
			return fmt.Errorf("save poll answer: %w", err)
		}
		for _, c := range p.Candidates {
			if c.ID == a.CandidateID {
				after[c.Start.String()] = answerSummary(a.Answer, strings.TrimSpace(a.Comment))
			}
		}
	}
	if len(before) == 0 {
		before = nil
	}
	return tx.audit(ctx, "answer", "poll", p.ID, iso3+": "+summarize(before, after))
}

// answerSummary is an answer as the audit log records it.
func answerSummary(a convene.PollAnswer, comment string) string {
	if comment == "" {
		return string(a)
	}
	return string(a) + " (" + comment + ")"
}

// RemindPoll queues one reminder to the focal point of each delegation that
// has not answered every candidate of the meeting's open poll, with its
// audit row, and answers how many it queued (0, writing nothing, when
// everyone has answered). A closed poll is refused with its reason.
func (d *DB) RemindPoll(ctx context.Context, meetingID int64) (int, error) {
	var n int
	err := d.update(ctx, func(tx *Tx) error {
		m, err := findMeeting(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		p, err := findPoll(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		if !p.OpenOn(convene.DateOf(tx.now.In(m.Location()))) {
			return convene.Errorf(convene.EINVALID, "%s", p.ClosedMessage())
		}
		var to []string
		if to, err = d.mailFocalPoints(ctx, tx, m, p, convene.MailPollReminder, true); err != nil || len(to) == 0 {
			return err
		}
		n = len(to)
		return tx.audit(ctx, "remind", "poll", p.ID, fmt.Sprintf("%d reminders: %s", n, strings.Join(to, ", ")))
	})
	return n, err
}

// mailFocalPoints queues kind's message to the focal point of each of the
// meeting's delegations that has one (an enabled account), only to those
// whose delegation has not answered every candidate when unanswered is
// set, and returns the countries (ISO 3166 codes) it wrote to.
func (d *DB) mailFocalPoints(ctx context.Context, tx *Tx, m convene.Meeting, p convene.Poll, kind string, unanswered bool) ([]string, error) {
	type focal struct {
		iso3, email, name string
		answered          int
	}
	fs, err := queryAll(ctx, tx, func(s scanner) (f focal, err error) {
		return f, s.Scan(&f.iso3, &f.email, &f.name, &f.answered)
	}, `SELECT c.iso3, u.email, u.name, (SELECT count(*) FROM poll_answers a JOIN poll_candidates k ON k.id = a.candidate_id
			WHERE a.delegation_id = g.id AND k.poll_id = ?)
		FROM delegations g JOIN countries c ON c.id = g.country_id JOIN users u ON u.id = g.focal_user_id
		WHERE g.meeting_id = ? AND u.disabled = 0 ORDER BY c.iso3`, p.ID, m.ID)
	if err != nil {
		return nil, err
	}
	var to []string
	for _, f := range fs {
		if unanswered && f.answered >= len(p.Candidates) {
			continue
		}
		link := d.Link(paths.PollAnswer(m.Code, f.iso3))
		if kind == convene.MailPollConfirmed {
			link = d.Link(paths.Meeting(m.Code))
		}
		if err := queueMail(ctx, tx, m.ID, 0, convene.PollMail(kind, f.email, f.name, m, p, link)); err != nil {
			return nil, err
		}
		to = append(to, f.iso3)
	}
	return to, nil
}

// ConfirmMeetingDates fixes a tentative meeting's dates from start
// (convene.Meeting.ConfirmDates: the meeting's length from a day of its
// month) and, when the meeting has an open poll, closes it and tells the
// focal points, all in one transaction with the audit rows.
func (d *DB) ConfirmMeetingDates(ctx context.Context, meetingID int64, start convene.Date) (convene.Meeting, error) {
	var m convene.Meeting
	err := d.update(ctx, func(tx *Tx) (err error) {
		m, err = d.confirmDates(ctx, tx, meetingID, start)
		return err
	})
	return m, err
}

// ConfirmPollCandidate fixes the meeting's dates to one of its poll's
// candidates, as ConfirmMeetingDates does.
func (d *DB) ConfirmPollCandidate(ctx context.Context, meetingID, candidateID int64) (convene.Meeting, error) {
	var m convene.Meeting
	err := d.update(ctx, func(tx *Tx) error {
		p, err := findPoll(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		for _, c := range p.Candidates {
			if c.ID == candidateID {
				m, err = d.confirmDates(ctx, tx, meetingID, c.Start)
				return err
			}
		}
		return convene.Errorf(convene.EINVALID, "Choose one of the poll's dates.")
	})
	return m, err
}

func (d *DB) confirmDates(ctx context.Context, tx *Tx, meetingID int64, start convene.Date) (convene.Meeting, error) {
	m, err := findMeeting(ctx, tx, meetingID)
	if err != nil {
		return m, err
	}
	if err := m.ConfirmDates(start); err != nil {
		return m, err
	}
	if err := updateMeeting(ctx, tx, meetingID, &m); err != nil {
		return m, err
	}
	p, err := findPoll(ctx, tx, meetingID)
	if convene.ErrorCode(err) == convene.ENOTFOUND || err == nil && p.Status != convene.PollOpen {
		return m, nil
	} else if err != nil {
		return m, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE polls SET status = ?, confirmed_start = ?, closed_at = ? WHERE id = ?`,
		convene.PollConfirmed, formatDate(start), formatTime(tx.now), p.ID); err != nil {
		return m, fmt.Errorf("close poll: %w", err)
	}
	p.Status, p.ConfirmedStart, p.ClosedAt = convene.PollConfirmed, start, tx.now
	if err := tx.audit(ctx, "confirm", "poll", p.ID, summarize(fields{"status": string(convene.PollOpen)},
		fields{"status": string(p.Status), "confirmed_start": start.String()})); err != nil {
		return m, err
	}
	_, err = d.mailFocalPoints(ctx, tx, m, p, convene.MailPollConfirmed, false)
	return m, err
}
