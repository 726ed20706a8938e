package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"modernc.org/sqlite"

	"convene/internal/convene"
)

// The names search. A search within a meeting (every search the pages make)
// reads the meeting's folded names (migration 01570, delegate_names): any
// part of a name, in any script, by instr on the folded text; its cost
// follows the meeting's size, never the file's. A search across meetings
// reads the trigram index of the whole file (migration 01501).

func init() {
	// The triggers of migration 01570 fold the names they keep with it, so
	// every connection the driver opens has it, the migrating one included.
	sqlite.MustRegisterDeterministicScalarFunction("convene_fold", 1,
		func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			switch s := args[0].(type) {
			case string:
				return foldName(s), nil
			case []byte:
				return foldName(string(s)), nil
			case nil:
				return "", nil
			default:
				return fmt.Sprint(s), nil
			}
		})
}

// foldName is a name as the search compares it: in lower case, and each
// Latin letter without its diacritics ("Nguyễn" → "nguyen", "Đặng" →
// "dang"), as the trigram index's remove_diacritics does. Letters of other
// scripts keep their marks: a Thai, Lao, Khmer or Myanmar vowel or tone
// mark is part of the word, and a search finds it exactly as typed.
func foldName(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	latin := false // the last letter written was Latin: its marks go
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			latin = 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z'
			b.WriteRune(unicode.ToLower(r))
		case unicode.Is(unicode.Mn, r):
			if !latin {
				b.WriteRune(r)
			}
		case unicode.Is(unicode.Latin, r):
			latin = true
			b.WriteRune(unicode.ToLower(latinBase(r)))
		default:
			latin = false
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// latinBase is a Latin letter without its diacritics: the first rune of its
// canonical decomposition, and for the letters with a stroke that Unicode
// does not decompose, the plain letter.
func latinBase(r rune) rune {
	switch r {
	case 'Đ', 'đ':
		return 'd'
	case 'Ø', 'ø':
		return 'o'
	case 'Ł', 'ł':
		return 'l'
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	d := norm.NFD.Bytes(buf[:n])
	base, _ := utf8.DecodeRune(d)
	return base
}

// searchCond is the condition of a registrations query (registrationCond)
// for f's name search, and its values: within f's meeting, the people whose
// folded names hold the folded query; across meetings, the people of hits
// (searchHits) for a query of 3 or more characters, or those whose names
// hold a shorter one.
func searchCond(f convene.RegistrationFilter, hits string) (string, []any) {
	q := strings.TrimSpace(f.Query)
	switch {
	case q == "":
		return "", nil
	case f.MeetingID != 0:
		return " AND p.id IN (SELECT delegate_id FROM delegate_names WHERE meeting_id = ? AND instr(name, ?) > 0)",
			[]any{f.MeetingID, foldName(q)}
	case utf8.RuneCountInString(q) >= 3:
		return " AND p.id IN (SELECT value FROM json_each(?))", []any{hits}
	default:
		// Too short for trigrams: instr compares code points, so a name in
		// Thai or Lao script is found exactly as typed.
		return " AND (instr(convene_fold(p.given_name || ' ' || p.family_name || ' ' || p.badge_name), ?) > 0)",
			[]any{foldName(q)}
	}
}

// ftsPhrase quotes text as one FTS5 phrase: whatever it holds (quotes,
// operators, column filters) is matched as text.
func ftsPhrase(q string) string { return `"` + strings.ReplaceAll(q, `"`, `""`) + `"` }

// searchHitsQuery finds names across meetings in the names' trigram index
// (migration 01501): any part of a name in any script, without regard to
// case or diacritics, as one JSON array of delegate ids (the index's rowid
// holds the meeting's id in its high 32 bits, the delegate's in the low).
//
// The search runs on its own, before the list: SQLite prepares a statement
// that reads the full-text index again each time its values are bound, so
// the index is read by this small statement, and the lists
// (registrationCond) take its ids as one JSON value.
const searchHitsQuery = `SELECT json_group_array(rowid & 4294967295) FROM delegate_search WHERE delegate_search MATCH ?`

// searchHits returns the JSON array of the people whose names hold f's
// query of 3 or more characters ("[]" when none do), for a search across
// meetings; "" when f has no such query or has a meeting (searchCond reads
// the meeting's names instead).
func (d *DB) searchHits(ctx context.Context, tx *sql.Tx, f convene.RegistrationFilter) (string, error) {
	q := strings.TrimSpace(f.Query)
	if f.MeetingID != 0 || utf8.RuneCountInString(q) < 3 {
		return "", nil
	}
	var hits string
	err := tx.QueryRowContext(ctx, searchHitsQuery, ftsPhrase(q)).Scan(&hits)
	return hits, err
}

// MergeSearchIndex merges the names' trigram index (migration 01501) into
// one segment. Every write transaction that touches a name adds a small
// segment to the index, and FTS5's own merging leaves a dozen of them after
// some hundreds of transactions; a search seeks each trigram in every
// segment, so its cost grew with the whole file's history rather than with
// the meeting searched (measured on 88,000 delegates written in 200
// transactions: a search 140 µs before the merge, 60 µs after; the merge
// itself 180 ms, and a few ms when little changed since the last one). The
// server runs it when it starts and every ten minutes (web's
// maintainSearch). It changes no record, so it writes no audit row.
func (d *DB) MergeSearchIndex(ctx context.Context) error {
	err := d.update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO delegate_search (delegate_search) VALUES ('optimize')`)
		return err
	})
	if err != nil {
		return fmt.Errorf("merge the names' search index: %w", err)
	}
	return nil
}
