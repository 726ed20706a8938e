package roster

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"convene/internal/convene"
)

// testAirports are the airports the import reads flights at, as the store
// would list them.
var testAirports = convene.Airports{{IATA: "PEN", Name: "Penang International Airport", TimeZone: "Asia/Kuala_Lumpur"},
	{IATA: "HAN", Name: "Noi Bai International Airport", TimeZone: "Asia/Ho_Chi_Minh"}}

func people() []convene.Registration {
	return []convene.Registration{
		{Delegate: convene.Delegate{GivenName: "=HYPERLINK(\"http://evil.example\",\"x\")", FamilyName: "+1", Position: "-2",
			BadgeName: "@SUM(A1)", Role: convene.RoleMember, Status: convene.RegAccredited, PassportNumber: "C1234567",
			Country: convene.Country{Name: "Viet Nam"}}, DateOfBirth: convene.Date{Year: 1980, Month: 1, Day: 2}},
		{Delegate: convene.Delegate{GivenName: "ພອນສະຫວັນ", FamilyName: "ສີຫາລາດ", Role: convene.RoleHead,
			Status: convene.RegSubmitted, Country: convene.Country{Name: "Lao PDR"}}},
	}
}

func TestNeutralize(t *testing.T) {
	for in, want := range map[string]string{"=1+1": "'=1+1", "+1": "'+1", "-2": "'-2", "@x": "'@x", "\tx": "'\tx",
		"Nguyễn": "Nguyễn", "": "", "a=b": "a=b"} {
		if got := Neutralize(in); got != want {
			t.Errorf("Neutralize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCSVNeutralizesFormulasAndKeepsScripts(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteCSV(&buf, people(), time.UTC, false); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@", rune(cell[0])) {
				t.Errorf("cell %q would be read as a formula", cell)
			}
		}
	}
	if !strings.Contains(buf.String(), "ພອນສະຫວັນ") {
		t.Error("the Lao name is not kept")
	}
	if strings.Contains(buf.String(), "C1234567") || strings.Contains(buf.String(), "Passport") {
		t.Error("an export without personal data carries the passport")
	}
	buf.Reset()
	if err := WriteCSV(&buf, people(), time.UTC, true); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "C1234567") || !strings.Contains(buf.String(), "1980-01-02") {
		t.Error("the secretariat's export lacks the passport or date of birth")
	}
}

func TestXLSXNeutralizesFormulas(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, "t", people(), time.UTC, true); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Delegates")
	if err != nil {
		t.Fatal(err)
	}
	for r := range rows {
		for c := range rows[r] {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if formula, _ := f.GetCellFormula("Delegates", cell); formula != "" {
				t.Errorf("%s holds a formula %q", cell, formula)
			}
			if v := rows[r][c]; v != "" && strings.ContainsRune("=+-@", rune(v[0])) {
				t.Errorf("%s reads %q", cell, v)
			}
		}
	}
	if rows[1][3] != `'=HYPERLINK("http://evil.example","x")` {
		t.Errorf("given name cell: %q", rows[1][3])
	}
}

// filled returns the template with the given data rows from row 3.
func filled(t testing.TB, data [][]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteTemplate(&buf, "Viet Nam"); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range data {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+3)
			if err := f.SetCellStr(templateSheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var out bytes.Buffer
	if _, err := f.WriteTo(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestReadTemplate(t *testing.T) {
	m := convene.Meeting{StartDate: convene.Date{Year: 2025, Month: 2, Day: 26}, EndDate: convene.Date{Year: 2025, Month: 2, Day: 26}}
	today := convene.Date{Year: 2025, Month: 1, Day: 10}
	good := []string{"Col.", "Thị Lan", "Nguyễn", "yes", "", "Deputy Director", "delegate", "", "VNM", "C7654321", "2031-05-31",
		"", "", "", "", "", "", "2025-02-25", "23:50", "vn681", "pen", "2025-02-27", "0.6319444444", "VN 680", "PEN"}
	mono := []string{"", "မောင်မောင်", "", "", "", "Staff Officer", "adviser", "", "MMR"}
	rs, errs, err := ReadTemplate(bytes.NewReader(filled(t, [][]string{good, mono})), m, today, testAirports)
	if err != nil || len(errs) > 0 || len(rs) != 2 {
		t.Fatalf("good template: %v %v %d", err, errs, len(rs))
	}
	if rs[0].FullName() != "Nguyễn Thị Lan" || rs[1].FullName() != "မောင်မောင်" || rs[1].Role != convene.RoleAdviser {
		t.Errorf("read %q %q %s", rs[0].FullName(), rs[1].FullName(), rs[1].Role)
	}
	// Flights go through the travel rule: local at the airport, the number
	// normalised, a time cell stored as a fraction of a day read as a clock.
	if a, d := rs[0].Arrival, rs[0].Departure; a.Flight != "VN 681" || a.Airport != "PEN" || a.Label() != "VN 681, PEN, 25 February 2025 23:50 MYT" ||
		d.Label() != "VN 680, PEN, 27 February 2025 15:10 MYT" {
		t.Errorf("flights read as %q and %q", a.Label(), d.Label())
	}
	if rs[1].Arrival.Recorded() || rs[1].Departure.Recorded() {
		t.Errorf("a row without flights has %+v", rs[1].Arrival)
	}
	bad := []string{"", "", "", "maybe", "", "", "chief", "", "", "C7654321", "2025-03-01", "", "", "", "", "", "",
		"2025-02-25", "", "MH 1142", "PEN"}
	_, errs, err = ReadTemplate(bytes.NewReader(filled(t, [][]string{good, bad})), m, today, testAirports)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range errs {
		got = append(got, e.String())
	}
	all := strings.Join(got, "\n")
	// The same rules and words as the forms (convene.Registration.Validate).
	for _, want := range []string{"Row 4, Given name: " + convene.MsgGivenNameRequired, "Row 4, Family name first:", "Row 4, Role:",
		"Row 4, Nationality: " + convene.MsgNationalityRequired,
		"Row 4, Passport number: The same passport number is on row 3.", "Row 4, Passport expiry:", "Row 4, Arrival time:"} {
		if !strings.Contains(all, want) {
			t.Errorf("errors lack %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "Row 3") {
		t.Errorf("the good row is blamed:\n%s", all)
	}
	if _, errs, _ := ReadTemplate(strings.NewReader("not a spreadsheet"), m, today, testAirports); len(errs) != 1 {
		t.Errorf("garbage: %v", errs)
	}
}
