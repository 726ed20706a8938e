package roster

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"convene/internal/convene"
)

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
	{"Nationality", "nationality", "Required; three letters, e.g. VNM"},
	{"Passport number", "passport_number", ""},
	{"Passport expiry", "passport_expiry", "YYYY-MM-DD"},
	{"Date of birth", "date_of_birth", "YYYY-MM-DD"},
	{"E-mail", "email", "Optional"},
	{"Mobile", "mobile", "+84 912 345 678"},
	{"Dietary", "dietary", "none, halal, vegetarian, vegan, other"},
	{"Dietary other", "dietary_other", "When Dietary is other"},
	{"Medical or accessibility needs", "medical", "Optional"},
	{"Arrival day", "a_day", "YYYY-MM-DD; leave the flight columns empty if not booked"},
	{"Arrival time", "a_time", "HH:MM, local at the airport as on the ticket"},
	{"Arrival flight", "a_flight", "e.g. MH 1142"},
	{"Arrival airport", "a_airport", "Three letters, e.g. PEN"},
	{"Departure day", "d_day", "YYYY-MM-DD"},
	{"Departure time", "d_time", "HH:MM, local at the airport"},
	{"Departure flight", "d_flight", "e.g. MH 1143"},
	{"Departure airport", "d_airport", "Three letters, e.g. PEN"},
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
func ReadTemplate(r io.Reader, m convene.Meeting, today convene.Date, airports convene.Airports) ([]convene.Registration, []RowError, error) {
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
		// The same rules as the forms: convene.Registration.Validate for the
		// person, convene.ReadTravel for the flights.
		if err := reg.Validate(m, today); err != nil {
			for k, v := range convene.ErrorFields(err) {
				p.Add(k, v)
			}
		}
		side := func(prefix string) convene.TravelInput {
			in := convene.TravelInput{Day: get(prefix + "day"), Time: clock(get(prefix + "time")), Flight: get(prefix + "flight"),
				Airport: get(prefix + "airport")}
			if d := date(prefix + "day"); !d.IsZero() {
				in.Day = d.String()
			}
			return in
		}
		var err error
		if reg.Arrival, reg.Departure, err = convene.ReadTravel(airports, side("a_"), side("d_")); err != nil {
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

// clock reads a time cell: as typed ("14:05"), or as the fraction of a day
// a spreadsheet stores when the cell was formatted as a time.
func clock(v string) string {
	if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 0 && f < 1 {
		m := int(f*24*60 + 0.5)
		return fmt.Sprintf("%02d:%02d", m/60, m%60)
	}
	return v
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
