// Package roster writes a meeting's delegates as CSV and XLSX in protocol
// order and reads a focal point's filled-in XLSX nomination template back.
// It imports the domain only (and excelize, the maintained pure-Go XLSX
// library); the web layer decides who may export what.
package roster

import (
	"encoding/csv"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"convene/internal/convene"
)

// Column is one column of an export.
type Column struct {
	Title string
	PII   bool // passport, date of birth, medical: only for the secretariat
	Value func(r convene.Registration, loc *time.Location) string
}

// legTime is a flight's time local at its airport, with the zone named.
func legTime(l convene.TravelLeg) string {
	if !l.Recorded() {
		return ""
	}
	return convene.FormatInZone(l.At, l.Location(), "2006-01-02 15:04")
}

// Columns are the columns of the delegates export, in order.
var Columns = []Column{
	{Title: "Delegation", Value: func(r convene.Registration, _ *time.Location) string { return r.Country.Name }},
	{Title: "Observer", Value: func(r convene.Registration, _ *time.Location) string { return yesNo(r.Country.Observer) }},
	{Title: "Honorific", Value: func(r convene.Registration, _ *time.Location) string { return r.Honorific }},
	{Title: "Given name", Value: func(r convene.Registration, _ *time.Location) string { return r.GivenName }},
	{Title: "Family name", Value: func(r convene.Registration, _ *time.Location) string { return r.FamilyName }},
	{Title: "Family name first", Value: func(r convene.Registration, _ *time.Location) string { return yesNo(r.FamilyNameFirst) }},
	{Title: "Name on badge", Value: func(r convene.Registration, _ *time.Location) string { return r.DisplayName() }},
	{Title: "Position", Value: func(r convene.Registration, _ *time.Location) string { return r.Position }},
	{Title: "Role", Value: func(r convene.Registration, _ *time.Location) string { return r.Role.Label() }},
	{Title: "Status", Value: func(r convene.Registration, _ *time.Location) string { return r.Status.Label() }},
	{Title: "Waiting list position", Value: func(r convene.Registration, _ *time.Location) string {
		if r.WaitlistPos == 0 {
			return ""
		}
		return strconv.Itoa(r.WaitlistPos)
	}},
	{Title: "Gender", Value: func(r convene.Registration, _ *time.Location) string { return r.Gender }},
	{Title: "Nationality", Value: func(r convene.Registration, _ *time.Location) string { return r.Nationality }},
	{Title: "E-mail", Value: func(r convene.Registration, _ *time.Location) string { return r.Email }},
	{Title: "Mobile", Value: func(r convene.Registration, _ *time.Location) string { return r.Mobile }},
	{Title: "Dietary", Value: func(r convene.Registration, _ *time.Location) string {
		return convene.DietaryLabel(r.Dietary, r.DietaryOther)
	}},
	// Flights come from the travel store, local at the airport as on the
	// ticket (the same reading as the arrivals board).
	{Title: "Arrival flight", Value: func(r convene.Registration, _ *time.Location) string { return r.Arrival.Flight }},
	{Title: "Arrival airport", Value: func(r convene.Registration, _ *time.Location) string { return r.Arrival.Airport }},
	{Title: "Arrival (local at the airport)", Value: func(r convene.Registration, _ *time.Location) string { return legTime(r.Arrival) }},
	{Title: "Departure flight", Value: func(r convene.Registration, _ *time.Location) string { return r.Departure.Flight }},
	{Title: "Departure airport", Value: func(r convene.Registration, _ *time.Location) string { return r.Departure.Airport }},
	{Title: "Departure (local at the airport)", Value: func(r convene.Registration, _ *time.Location) string {
		return legTime(r.Departure)
	}},
	{Title: "Passport number", PII: true, Value: func(r convene.Registration, _ *time.Location) string { return r.PassportNumber }},
	{Title: "Passport expiry", PII: true, Value: func(r convene.Registration, _ *time.Location) string { return r.PassportExpiry.String() }},
	{Title: "Date of birth", PII: true, Value: func(r convene.Registration, _ *time.Location) string { return r.DateOfBirth.String() }},
	{Title: "Medical or accessibility needs", PII: true, Value: func(r convene.Registration, _ *time.Location) string { return r.Medical }},
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return ""
}

// Neutralize defuses a cell that a spreadsheet would read as a formula
// (=, +, -, @, or a leading tab or carriage return): a name or position
// typed as "=HYPERLINK(...)" must arrive as text, never run. The leading
// apostrophe is what spreadsheets themselves use to mark text.
func Neutralize(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

func columns(withPII bool) []Column {
	var out []Column
	for _, c := range Columns {
		if c.PII && !withPII {
			continue
		}
		out = append(out, c)
	}
	return out
}

func table(people []convene.Registration, loc *time.Location, withPII bool) [][]string {
	cols := columns(withPII)
	rows := make([][]string, 0, len(people)+1)
	head := make([]string, len(cols))
	for i, c := range cols {
		head[i] = c.Title
	}
	rows = append(rows, head)
	for _, p := range people {
		row := make([]string, len(cols))
		for i, c := range cols {
			row[i] = Neutralize(c.Value(p, loc))
		}
		rows = append(rows, row)
	}
	return rows
}

// WriteCSV writes people (already in protocol order) as UTF-8 CSV with a
// byte-order mark, so that spreadsheet programs show Thai, Lao, Khmer and
// Myanmar names correctly when the file is opened with a double-click.
func WriteCSV(w io.Writer, people []convene.Registration, loc *time.Location, withPII bool) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(table(people, loc, withPII)); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// WriteXLSX writes people (already in protocol order) as one worksheet,
// every cell a string so that nothing a person typed is ever evaluated.
func WriteXLSX(w io.Writer, title string, people []convene.Registration, loc *time.Location, withPII bool) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Delegates"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	for r, row := range table(people, loc, withPII) {
		for c, v := range row {
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				return err
			}
			if err := f.SetCellStr(sheet, cell, v); err != nil {
				return err
			}
		}
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(columns(withPII)))
	if err := f.SetCellStyle(sheet, "A1", last+"1", bold); err != nil {
		return err
	}
	if err := f.SetColWidth(sheet, "A", last, 18); err != nil {
		return err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: title, Creator: "Convene"}); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
