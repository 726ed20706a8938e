package db

import (
	"bytes"
	"fmt"
	"io/fs"
	"strings"
	"testing"

	"convene/internal/convene"
)

// TestSeedHolidays: every embedded holidays_YYYY.csv parses, holds only its
// own year, one row per country, region and day, a source on every row, an
// official address on every verified row, and every ADMM participant.
func TestSeedHolidays(t *testing.T) {
	files, err := fs.Glob(Holidays, "seed/holidays_*.csv")
	if err != nil || len(files) < 4 {
		t.Fatalf("seed files %v: %v", files, err)
	}
	participants := strings.Fields("BRN KHM IDN LAO MYS MMR PHL SGP THA VNM TLS")
	for _, f := range files {
		b, err := Holidays.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		hs, err := convene.ParseHolidayCSV(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		year := strings.TrimSuffix(strings.TrimPrefix(f, "seed/holidays_"), ".csv")
		seen := map[string]bool{}
		countries := map[string]int{}
		for _, h := range hs {
			key := fmt.Sprintf("%s %s %s", h.ISO3, h.Region, h.Date)
			if seen[key] {
				t.Errorf("%s: two rows for %s", f, key)
			}
			seen[key] = true
			countries[h.ISO3]++
			if fmt.Sprint(h.Date.Year) != year {
				t.Errorf("%s: %s %s is not in %s", f, h.ISO3, h.Date, year)
			}
			if h.Verified && !strings.HasPrefix(h.Source, "https://") && !strings.HasPrefix(h.Source, "http://") {
				t.Errorf("%s: %s %s is verified without the official announcement's address: %q", f, h.ISO3, h.Date, h.Source)
			}
			if year != "2025" && h.Source == "" {
				t.Errorf("%s: %s %s has no source", f, h.ISO3, h.Date)
			}
		}
		for _, c := range participants {
			if countries[c] == 0 {
				t.Errorf("%s: no holidays of %s", f, c)
			}
		}
	}
}
