package sqlite

import (
	"errors"
	"strconv"
	"strings"
)

// A packed row is a row's values read as one text column: each value as
// its length in bytes, a colon, then the value itself, one after the other
// ("2:42" "4:Anan" "0:" ...). The length prefix makes it safe for any
// text, colons and digits included, with nothing to escape.
//
// It exists for rows read by the dozen on a hot page: modernc's driver
// takes the connection's mutex several times for every column of every
// row (its type, its bytes, its text), which was a third of the delegates
// search's cost in the store; one column a row takes it once, and the
// values are cut from one string without copying.

// packedColumns is the SQL expression of cols (NOT NULL column
// expressions) as one packed text, built by one call of concat (rather
// than a chain of ||, each of which copies the text so far).
func packedColumns(cols ...string) string {
	var b strings.Builder
	b.WriteString("concat(")
	for i, c := range cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("octet_length(" + c + "), ':', " + c)
	}
	b.WriteString(")")
	return b.String()
}

var errPacked = errors.New("sqlite: malformed packed row")

// unpack cuts the packed text s into len(dst) values.
func unpack(s string, dst []string) error {
	for i := range dst {
		colon := strings.IndexByte(s, ':')
		if colon < 0 {
			return errPacked
		}
		n, err := strconv.Atoi(s[:colon])
		if err != nil || n < 0 || n > len(s)-colon-1 {
			return errPacked
		}
		dst[i], s = s[colon+1:colon+1+n], s[colon+1+n:]
	}
	if s != "" {
		return errPacked
	}
	return nil
}

// packedInt parses a value unpack cut that is an integer.
func packedInt(v string, err *error) int64 {
	n, e := strconv.ParseInt(v, 10, 64)
	if e != nil && *err == nil {
		*err = errPacked
	}
	return n
}
