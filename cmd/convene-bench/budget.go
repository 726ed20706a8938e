//go:build bench

package main

import (
	"bufio"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"
)

// budgetLine is one line of budget.txt: in mode (short, full or all), every
// figure whose name matches pattern must satisfy op limit.
type budgetLine struct {
	line    int
	mode    string
	pattern string
	op      string
	limit   float64
}

// parseBudget reads a budget file. Blank lines and # comments are skipped;
// every other line is "mode figure op limit", figure being a name or a
// path.Match pattern such as *.errors.
func parseBudget(r io.Reader) ([]budgetLine, error) {
	var out []budgetLine
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		text := sc.Text()
		if i := strings.Index(text, "#"); i >= 0 {
			text = text[:i]
		}
		f := strings.Fields(text)
		if len(f) == 0 {
			continue
		}
		if len(f) != 4 {
			return nil, fmt.Errorf("budget line %d: want \"mode figure op limit\", got %q", n, sc.Text())
		}
		switch f[0] {
		case "short", "full", "all":
		default:
			return nil, fmt.Errorf("budget line %d: mode %q is not short, full or all", n, f[0])
		}
		switch f[2] {
		case "<", "<=", ">", ">=", "==":
		default:
			return nil, fmt.Errorf("budget line %d: operator %q is not <, <=, >, >= or ==", n, f[2])
		}
		if _, err := path.Match(f[1], ""); err != nil {
			return nil, fmt.Errorf("budget line %d: bad pattern %q", n, f[1])
		}
		limit, err := strconv.ParseFloat(f[3], 64)
		if err != nil {
			return nil, fmt.Errorf("budget line %d: limit %q is not a number", n, f[3])
		}
		out = append(out, budgetLine{line: n, mode: f[0], pattern: f[1], op: f[2], limit: limit})
	}
	return out, sc.Err()
}

// verdict is one figure checked against one budget line.
type verdict struct {
	budgetLine
	figure string
	value  float64
	ok     bool
	note   string
}

func (v verdict) String() string {
	status := "ok    "
	if !v.ok {
		status = "MISSED"
	}
	s := fmt.Sprintf("%s %-36s %10s %-2s %-8s (budget line %d)", status, v.figure, fmtNum(v.value), v.op, fmtNum(v.limit), v.line)
	if v.note != "" {
		s += ": " + v.note
	}
	return s
}

// checkBudget applies the lines of mode to the figures. A line whose pattern
// matches no figure is a miss too: a budget that measures nothing must not
// pass silently (for instance after a scenario was renamed).
func checkBudget(lines []budgetLine, mode string, figures map[string]float64) []verdict {
	names := make([]string, 0, len(figures))
	for n := range figures {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []verdict
	for _, l := range lines {
		if l.mode != "all" && l.mode != mode {
			continue
		}
		matched := false
		for _, n := range names {
			if ok, _ := path.Match(l.pattern, n); !ok {
				continue
			}
			matched = true
			v := figures[n]
			out = append(out, verdict{budgetLine: l, figure: n, value: v, ok: compare(v, l.op, l.limit)})
		}
		if !matched {
			out = append(out, verdict{budgetLine: l, figure: l.pattern, ok: false, note: "no such figure was measured"})
		}
	}
	return out
}

func compare(v float64, op string, limit float64) bool {
	switch op {
	case "<":
		return v < limit
	case "<=":
		return v <= limit
	case ">":
		return v > limit
	case ">=":
		return v >= limit
	case "==":
		return v == limit
	}
	return false
}

func fmtNum(v float64) string {
	switch {
	case v == float64(int64(v)) && v < 1e9 && v > -1e9:
		return strconv.FormatInt(int64(v), 10)
	case v >= 100 || v <= -100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 1 || v <= -1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	default:
		return strconv.FormatFloat(v, 'f', 3, 64)
	}
}
