// Package roster writes a meeting's delegates as CSV and XLSX in protocol
// order and reads a focal point's filled-in XLSX nomination template back.
// It imports the domain only (and excelize, the maintained pure-Go XLSX
// library); the web layer decides who may export what.
package roster

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
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

func when(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return convene.FormatInZone(t, loc, "2006-01-02 15:04")
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
	{Title: "Arrival flight", Value: func(r convene.Registration, _ *time.Location) string { return r.ArrivalFlight }},
	{Title: "Arrival", Value: func(r convene.Registration, loc *time.Location) string { return when(r.ArrivalAt, loc) }},
	{Title: "Departure flight", Value: func(r convene.Registration, _ *time.Location) string { return r.DepartureFlight }},
	{Title: "Departure", Value: func(r convene.Registration, loc *time.Location) string { return when(r.DepartureAt, loc) }},
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

// templateColumns are the nomination template's columns: what a focal
// point fills in offline, one person a row.
var templateColumns = []struct{ Title, Field, Hint string }{
	{"Honorific", "honorific", "H.E., Gen., Col., Dr ..."},
	{"Given name", "given_name", "Required; any script; a single name goes here"},
	{"Family name", "family_name", "Empty for a single name"},
	{"Family name first", "family_name_first", "yes or empty"},
	{"Name on badge", "badge_name", "Optional"},
	{"Position", "position", ""},
	{"Role", "role", "head, alternate, delegate, adviser, interpreter, liaison, security, media"},
	{"Gender", "gender", "female, male, other or empty"},
	{"Nationality", "nationality", "Three letters, e.g. VNM"},
	{"Passport number", "passport_number", ""},
	{"Passport expiry", "passport_expiry", "YYYY-MM-DD"},
	{"Date of birth", "date_of_birth", "YYYY-MM-DD"},
	{"E-mail", "email", "Optional"},
	{"Mobile", "mobile", "+84 912 345 678"},
	{"Dietary", "dietary", "none, halal, vegetarian, vegan, other"},
	{"Dietary other", "dietary_other", "When Dietary is other"},
	{"Medical or accessibility needs", "medical", "Optional"},
}

const templateSheet = "Nominations"

// WriteTemplate writes the XLSX nomination template: a header row, a row of
// hints, and text-formatted columns so that dates and passport numbers stay
// exactly as typed.
func WriteTemplate(w io.Writer, country string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", templateSheet); err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(templateColumns))
	if err := f.SetColStyle(templateSheet, "A:"+last, text); err != nil {
		return err
	}
	if err := f.SetColWidth(templateSheet, "A", last, 20); err != nil {
		return err
	}
	for i, c := range templateColumns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetCellStr(templateSheet, col+"1", c.Title); err != nil {
			return err
		}
		if err := f.SetCellStr(templateSheet, col+"2", c.Hint); err != nil {
			return err
		}
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: "Nomination template: " + country, Creator: "Convene"}); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// RowError is one problem in an uploaded template, by row and column as the
// focal point sees them in their spreadsheet.
type RowError struct {
	Row     int
	Column  string
	Message string
}

func (e RowError) String() string {
	if e.Column == "" {
		return fmt.Sprintf("Row %d: %s", e.Row, e.Message)
	}
	return fmt.Sprintf("Row %d, %s: %s", e.Row, e.Column, e.Message)
}

// ColumnTitle returns the template's column title for a form field name.
func ColumnTitle(field string) string {
	for _, c := range templateColumns {
		if c.Field == field {
			return c.Title
		}
	}
	return field
}

// MaxImportBytes caps an uploaded template; a real delegation's template is
// a few kilobytes.
const MaxImportBytes = 1 << 20

// ReadTemplate reads a filled-in template and validates every row against
// the meeting. It returns the registrations to nominate, in file order, or
// every problem by row and column; callers write nothing unless the
// problem list is empty.
func ReadTemplate(r io.Reader, m convene.Meeting, today convene.Date) ([]convene.Registration, []RowError, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return nil, nil, err
	}
	if len(data) > MaxImportBytes {
		return nil, nil, &convene.Error{Code: convene.ETOOLARGE, Message: "The file is larger than 1 MB."}
	}
	// The unzip limits stop a small "zip bomb" from filling memory.
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 32 << 20, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		return nil, []RowError{{Row: 0, Message: "This is not an XLSX file made from the nomination template."}}, nil
	}
	defer f.Close()
	rows, err := f.GetRows(templateSheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, []RowError{{Row: 0, Message: "The file has no sheet named " + templateSheet + "; please start from the template."}}, nil
	}
	if len(rows) == 0 || len(rows[0]) < 2 || strings.TrimSpace(rows[0][1]) != "Given name" {
		return nil, []RowError{{Row: 1, Message: "The header row is not the template's; please start from the template."}}, nil
	}
	var out []convene.Registration
	var errs []RowError
	seen := map[string]int{}
	for i, row := range rows {
		n := i + 1
		if n <= 2 || blank(row) {
			continue // header and hints
		}
		get := func(field string) string {
			for j, c := range templateColumns {
				if c.Field == field && j < len(row) {
					return strings.TrimSpace(row[j])
				}
			}
			return ""
		}
		p := convene.Problems{}
		date := func(field string) convene.Date {
			v := get(field)
			if v == "" {
				return convene.Date{}
			}
			if serial, err := strconv.ParseFloat(v, 64); err == nil {
				t, err := excelize.ExcelDateToTime(serial, false)
				if err == nil {
					return convene.DateOf(t)
				}
			}
			d, err := convene.ParseDate(v)
			if err != nil {
				p.Add(field, "Write the date as YYYY-MM-DD, such as 2031-05-31.")
			}
			return d
		}
		reg := convene.Registration{Delegate: convene.Delegate{Honorific: get("honorific"), GivenName: get("given_name"),
			FamilyName: get("family_name"), BadgeName: get("badge_name"), Position: get("position"),
			Role: convene.DelegateRole(strings.ToLower(get("role"))), Gender: strings.ToLower(get("gender")),
			Nationality: get("nationality"), PassportNumber: get("passport_number"), Email: get("email"),
			Mobile: get("mobile"), Dietary: strings.ToLower(get("dietary")), DietaryOther: get("dietary_other"),
			Medical: get("medical")}}
		switch strings.ToLower(get("family_name_first")) {
		case "", "no", "n":
		case "yes", "y", "x":
			reg.FamilyNameFirst = true
		default:
			p.Add("family_name_first", "Write yes or leave it empty.")
		}
		if reg.Role == "" {
			reg.Role = convene.RoleMember
		}
		reg.PassportExpiry = date("passport_expiry")
		reg.DateOfBirth = date("date_of_birth")
		// Cells are typed text like a form's fields, with its hygiene:
		// the medical notes may hold line breaks, the others one line.
		for _, col := range templateColumns {
			check := convene.CheckSingleLine
			if col.Field == "medical" {
				check = convene.CheckMultiLine
			}
			if err := check(get(col.Field)); err != nil {
				p.Add(col.Field, convene.ErrorMessage(err))
			}
		}
		if err := reg.Validate(m, today); err != nil {
			for k, v := range convene.ErrorFields(err) {
				p.Add(k, v)
			}
		}
		if reg.PassportNumber != "" {
			if first, dup := seen["p:"+reg.PassportNumber]; dup {
				p.Add("passport_number", fmt.Sprintf("The same passport number is on row %d.", first))
			}
			seen["p:"+reg.PassportNumber] = n
		}
		if reg.Email != "" {
			if first, dup := seen["e:"+reg.Email]; dup {
				p.Add("email", fmt.Sprintf("The same e-mail address is on row %d.", first))
			}
			seen["e:"+reg.Email] = n
		}
		errs = append(errs, rowErrors(n, p)...)
		out = append(out, reg)
	}
	if len(out) == 0 && len(errs) == 0 {
		errs = append(errs, RowError{Row: 3, Message: "The template has nobody in it: fill one person a row from row 3."})
	}
	if len(errs) > 0 {
		return nil, errs, nil
	}
	return out, nil, nil
}

func rowErrors(n int, p convene.Problems) []RowError {
	var out []RowError
	for k, v := range p {
		out = append(out, RowError{Row: n, Column: ColumnTitle(k), Message: v})
	}
	sort.Slice(out, func(i, j int) bool { return columnIndex(out[i].Column) < columnIndex(out[j].Column) })
	return out
}

func columnIndex(title string) int {
	for i, c := range templateColumns {
		if c.Title == title {
			return i
		}
	}
	return len(templateColumns)
}

func blank(row []string) bool {
	for _, v := range row {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}
