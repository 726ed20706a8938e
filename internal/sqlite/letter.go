package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"convene/internal/convene"
)

// Letters (issue 18): the visa rules of a host country, a meeting's two
// letter templates and every letter issued, with its PDF as issued.

// FindVisaRules returns the rules the secretariat recorded for a host
// country; a nationality and passport type without a row take
// convene.DefaultVisaRequired.
func (d *DB) FindVisaRules(ctx context.Context, hostCountryID int64) (convene.VisaRules, error) {
	rules := convene.VisaRules{}
	rows, err := queryAll(ctx, d.read, func(row scanner) (convene.VisaRule, error) {
		var r convene.VisaRule
		err := row.Scan(&r.Nationality, &r.PassportType, &r.VisaRequired)
		return r, err
	}, `SELECT nationality, passport_type, visa_required FROM visa_rules WHERE host_country_id = ?`, hostCountryID)
	for _, r := range rows {
		rules[convene.VisaKey{Nationality: r.Nationality, PassportType: r.PassportType}] = r.VisaRequired
	}
	return rules, translate(err)
}

// SaveVisaRules records the secretariat's rules for a host country: each
// rule given is stored (replacing the one before), and the audit log names
// the cells that changed.
func (d *DB) SaveVisaRules(ctx context.Context, hostCountryID int64, rules []convene.VisaRule) error {
	before, err := d.FindVisaRules(ctx, hostCountryID)
	if err != nil {
		return err
	}
	return d.update(ctx, func(tx *Tx) error {
		var changed []string
		for _, r := range rules {
			if !r.PassportType.Valid() || r.PassportType == "" || len(r.Nationality) != 3 {
				return convene.Errorf(convene.EINVALID, "Unknown nationality or passport type.")
			}
			if old, ok := before[convene.VisaKey{Nationality: r.Nationality, PassportType: r.PassportType}]; ok && old == r.VisaRequired {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO visa_rules (host_country_id, nationality, passport_type, visa_required, updated_at)
				VALUES (?, ?, ?, ?, ?) ON CONFLICT (host_country_id, nationality, passport_type)
				DO UPDATE SET visa_required = excluded.visa_required, updated_at = excluded.updated_at`,
				hostCountryID, r.Nationality, r.PassportType, boolInt(r.VisaRequired), formatTime(tx.now)); err != nil {
				return err
			}
			word := "no visa"
			if r.VisaRequired {
				word = "visa required"
			}
			changed = append(changed, fmt.Sprintf("%s %s: %s", r.Nationality, r.PassportType, word))
		}
		if len(changed) == 0 {
			return nil
		}
		return tx.audit(ctx, "update", "visa_rules", hostCountryID, strings.Join(changed, "; "))
	})
}

// FindLetterTemplate returns a meeting's template of a kind, or the shipped
// default (Default set) when the secretariat has not saved one.
func (d *DB) FindLetterTemplate(ctx context.Context, meetingID int64, k convene.LetterKind) (convene.LetterTemplate, error) {
	t := convene.LetterTemplate{MeetingID: meetingID, Kind: k}
	err := d.read.QueryRowContext(ctx, `SELECT body, signatory, coalesce(letterhead, x''), letterhead_type, focal_may_issue
		FROM letter_templates WHERE meeting_id = ? AND kind = ?`, meetingID, k).
		Scan(&t.Body, &t.Signatory, &t.Letterhead, &t.LetterheadType, &t.FocalMayIssue)
	if err == sql.ErrNoRows {
		t.Body, t.Signatory, t.Default = convene.DefaultLetterBody(k), convene.DefaultSignatory, true
		return t, nil
	}
	if len(t.Letterhead) == 0 {
		t.Letterhead = nil
	}
	return t, translate(err)
}

// SaveLetterTemplate validates and stores a meeting's template. A nil
// Letterhead keeps the stored image unless removeLetterhead is set; an
// unknown placeholder is refused with nothing written.
func (d *DB) SaveLetterTemplate(ctx context.Context, t *convene.LetterTemplate, removeLetterhead bool) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return d.update(ctx, func(tx *Tx) error {
		keep := 1
		if t.Letterhead != nil || removeLetterhead {
			keep = 0
		}
		var image any
		if t.Letterhead != nil {
			image = t.Letterhead
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO letter_templates (meeting_id, kind, body, signatory, letterhead,
			letterhead_type, focal_may_issue, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (meeting_id, kind) DO UPDATE SET body = excluded.body, signatory = excluded.signatory,
			letterhead = CASE WHEN ? THEN letter_templates.letterhead ELSE excluded.letterhead END,
			letterhead_type = CASE WHEN ? THEN letter_templates.letterhead_type ELSE excluded.letterhead_type END,
			focal_may_issue = excluded.focal_may_issue, updated_at = excluded.updated_at`,
			t.MeetingID, t.Kind, t.Body, t.Signatory, image, t.LetterheadType, boolInt(t.FocalMayIssue), formatTime(tx.now),
			keep, keep); err != nil {
			return err
		}
		summary := fmt.Sprintf("%s template saved (%d characters)", strings.ToLower(t.Kind.Label()), len([]rune(t.Body)))
		if t.Letterhead != nil {
			summary += "; new letterhead " + t.LetterheadType
		} else if removeLetterhead {
			summary += "; letterhead removed"
		}
		if t.Kind == convene.LetterVisa {
			summary += fmt.Sprintf("; focal points may issue: %v", t.FocalMayIssue)
		}
		return tx.audit(ctx, "update", "letter_template", t.MeetingID, summary)
	})
}

// NextLetterSeq is the number the next letter of a kind of a meeting takes.
func (d *DB) NextLetterSeq(ctx context.Context, meetingID int64, k convene.LetterKind) (int, error) {
	var n int
	err := d.read.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) + 1 FROM letters WHERE meeting_id = ? AND kind = ?`,
		meetingID, k).Scan(&n)
	return n, translate(err)
}

// IssueLetter stores an issued letter and its audit row. The PDF was
// printed before, with l.Seq's reference in it, from data read at
// approvedAt (the person's updated_at for a visa letter): if another letter
// took the number, or the person's record changed or is no longer
// accredited since, nothing is written and the answer is ECONFLICT, for
// the caller to print again from fresh data.
func (d *DB) IssueLetter(ctx context.Context, l *convene.Letter, approvedAt time.Time) error {
	return d.update(ctx, func(tx *Tx) error {
		var next int
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(seq), 0) + 1 FROM letters WHERE meeting_id = ? AND kind = ?`,
			l.MeetingID, l.Kind).Scan(&next); err != nil {
			return err
		}
		if next != l.Seq {
			return convene.Errorf(convene.ECONFLICT, "Another letter took reference %s meanwhile.", l.Reference)
		}
		if l.Kind == convene.LetterVisa {
			var status, updated string
			if err := tx.QueryRowContext(ctx, `SELECT status, updated_at FROM delegates WHERE id = ?`, l.DelegateID).
				Scan(&status, &updated); err != nil {
				return err
			}
			if status != string(convene.RegAccredited) || !parseTime(updated).Equal(approvedAt) {
				return convene.Errorf(convene.ECONFLICT, "The person's record changed while the letter was printed.")
			}
		}
		l.IssuedAt, l.IssuedBy = tx.now, tx.actor.UserID
		r, err := tx.ExecContext(ctx, `INSERT INTO letters (meeting_id, kind, seq, reference, delegation_id, delegate_id,
			addressee, issued_at, issued_by, pdf) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			l.MeetingID, l.Kind, l.Seq, l.Reference, l.DelegationID, nullID(l.DelegateID), l.Addressee,
			formatTime(tx.now), nullID(l.IssuedBy), l.PDF)
		if err != nil {
			return err
		}
		if l.ID, err = r.LastInsertId(); err != nil {
			return err
		}
		entity, id := "delegation", l.DelegationID
		if l.DelegateID != 0 {
			entity, id = "delegate", l.DelegateID
		}
		return tx.audit(ctx, "issue_letter", entity, id, fmt.Sprintf("%s %s issued (%d bytes)", l.Kind.Label(), l.Reference, len(l.PDF)))
	})
}

const letterColumns = `l.id, l.meeting_id, l.kind, l.seq, l.reference, l.delegation_id, coalesce(l.delegate_id, 0), l.addressee,
	l.issued_at, coalesce(l.issued_by, 0), coalesce(u.name, ''), c.id, c.iso3, c.name`

const letterFrom = ` FROM letters l JOIN delegations g ON g.id = l.delegation_id JOIN countries c ON c.id = g.country_id
	LEFT JOIN users u ON u.id = l.issued_by`

func scanLetter(row scanner) (convene.Letter, error) {
	var l convene.Letter
	var at string
	err := row.Scan(&l.ID, &l.MeetingID, &l.Kind, &l.Seq, &l.Reference, &l.DelegationID, &l.DelegateID, &l.Addressee,
		&at, &l.IssuedBy, &l.IssuedByName, &l.Country.ID, &l.Country.ISO3, &l.Country.Name)
	l.IssuedAt = parseTime(at)
	return l, err
}

// FindLetters lists a meeting's issued letters, newest first, without
// their PDFs.
func (d *DB) FindLetters(ctx context.Context, f convene.LetterFilter) ([]convene.Letter, error) {
	where, args := []string{"l.meeting_id = ?"}, []any{f.MeetingID}
	if f.Kind != "" {
		where, args = append(where, "l.kind = ?"), append(args, f.Kind)
	}
	if f.DelegationID != 0 {
		where, args = append(where, "l.delegation_id = ?"), append(args, f.DelegationID)
	}
	if f.DelegateID != 0 {
		where, args = append(where, "l.delegate_id = ?"), append(args, f.DelegateID)
	}
	out, err := queryAll(ctx, d.read, scanLetter, `SELECT `+letterColumns+letterFrom+` WHERE `+
		strings.Join(where, " AND ")+` ORDER BY l.issued_at DESC, l.id DESC`, args...)
	return out, translate(err)
}

// FindLetter returns one issued letter of a meeting with its PDF.
func (d *DB) FindLetter(ctx context.Context, meetingID, id int64) (convene.Letter, error) {
	var l convene.Letter
	err := d.view(ctx, func(tx *sql.Tx) error {
		var err error
		l, err = queryOne(ctx, tx, "Letter", scanLetter, `SELECT `+letterColumns+letterFrom+` WHERE l.meeting_id = ? AND l.id = ?`,
			meetingID, id)
		if err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT pdf FROM letters WHERE id = ?`, id).Scan(&l.PDF)
	})
	return l, err
}
