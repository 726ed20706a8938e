package convene

import (
	"context"
	"unicode"
	"unicode/utf8"
)

// Text hygiene: what a person may type into a field. Names are Unicode and
// stored exactly as typed (DESIGN.md rule 8), so nothing here rewrites a
// value; it refuses the few things that are never text a person meant:
//
//   - bytes that are not UTF-8;
//   - control characters (C0, DEL, C1); a multi-line field keeps CR, LF
//     and tab, a single-line field none of them, nor U+2028/U+2029;
//   - the bidirectional embedding, override and isolate characters
//     (U+202A–U+202E, U+2066–U+2069), which make a value read differently
//     from what is stored ("Trojan Source") and reorder exported cells;
//   - a value made only of invisible characters (zero-width space, joiner
//     and non-joiner, word joiner, BOM, variation selectors, fillers...),
//     which would show as an empty name that is not empty.
//
// Zero-width space, joiner and non-joiner, variation selectors and the
// other invisible characters are allowed inside a value that also has
// something visible: Khmer, Thai and Myanmar names use ZWSP between words,
// Indic scripts and Persian need ZWJ and ZWNJ to spell a name right, and
// emoji and CJK variants need the selectors.
//
// The web layer applies these checks to every posted field, single-line
// unless its route declares it multi-line (internal/web/form.go), so a new
// form gets them without a line of its own.

// The messages shown next to a refused field.
const (
	msgNotUTF8       = "This contains bytes that are not text. Type it again rather than pasting it."
	msgControl       = "This contains a control character, such as a tab or a line break, that cannot be kept on one line. Remove it."
	msgControlMulti  = "This contains a control character other than a line break or a tab. Remove it."
	msgBidi          = "This contains a hidden character that changes the direction of text (U+202A–U+202E or U+2066–U+2069), so it would read differently from what is stored. Remove it."
	msgOnlyInvisible = "This contains only invisible characters. Type what should be shown."
)

// CheckSingleLine reports why s cannot be the value of a single-line field
// (a name, a title, a code), or nil when it can.
func CheckSingleLine(s string) error { return checkText(s, false) }

// CheckMultiLine reports why s cannot be the value of a multi-line field
// (notes, medical needs, reasons, a pasted CSV), or nil when it can. Line
// breaks (CR, LF) and tabs are allowed; everything else is as for a single
// line.
func CheckMultiLine(s string) error { return checkText(s, true) }

func checkText(s string, multiLine bool) error {
	if !utf8.ValidString(s) {
		return textProblem(msgNotUTF8)
	}
	visible := false
	hidden := false
	for _, r := range s {
		switch {
		case multiLine && (r == '\r' || r == '\n' || r == '\t'):
			continue
		case isControl(r) || (!multiLine && (r == '\u2028' || r == '\u2029')):
			if multiLine {
				return textProblem(msgControlMulti)
			}
			return textProblem(msgControl)
		case isBidiControl(r):
			return textProblem(msgBidi)
		case isInvisible(r):
			hidden = true
		case unicode.IsSpace(r):
		default:
			visible = true
		}
	}
	if hidden && !visible {
		return textProblem(msgOnlyInvisible)
	}
	return nil
}

func textProblem(msg string) error { return &Error{Code: EINVALID, Message: msg} }

// isControl is C0, DEL and C1 (NEL, U+0085, among them).
func isControl(r rune) bool { return r < 0x20 || (r >= 0x7f && r <= 0x9f) }

// isBidiControl is the embeddings and overrides (LRE, RLE, PDF, LRO, RLO)
// and the isolates (LRI, RLI, FSI, PDI). The marks LRM, RLM and ALM change
// no order of their own and count as invisible.
func isBidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// isInvisible is a character that shows nothing by itself: the format
// characters (zero-width space, joiners, marks, word joiner, BOM, soft
// hyphen, tags...), variation selectors, Hangul and braille blanks, and
// Khmer's inherent vowels.
func isInvisible(r rune) bool {
	switch {
	case unicode.Is(unicode.Cf, r):
		return true
	case r == 0x034f, // combining grapheme joiner
		r == 0x115f, r == 0x1160, r == 0x3164, r == 0xffa0, // Hangul fillers
		r == 0x17b4, r == 0x17b5, // Khmer inherent vowels
		r == 0x2800: // braille blank
		return true
	case r >= 0x180b && r <= 0x180f, // Mongolian variation selectors and vowel separator
		r >= 0xfe00 && r <= 0xfe0f,   // variation selectors
		r >= 0xe0100 && r <= 0xe01ef: // variation selectors supplement
		return true
	}
	return false
}

type refusedInputKey struct{}

// WithRefusedInput returns a context that marks a request whose input was
// refused by the checks above: err carries the refused fields. The store
// writes nothing for such a request (sqlite's update refuses with err), so
// a handler that did not look at the verdict still cannot save the value.
func WithRefusedInput(ctx context.Context, err error) context.Context {
	return context.WithValue(ctx, refusedInputKey{}, err)
}

// RefusedInput returns the refusal WithRefusedInput recorded, or nil.
func RefusedInput(ctx context.Context) error {
	err, _ := ctx.Value(refusedInputKey{}).(error)
	return err
}
