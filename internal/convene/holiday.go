package convene

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Holiday is a public holiday of one country: national, or of one state or
// region only (Thaipusam in Pulau Pinang, Boun That Luang in Vientiane).
type Holiday struct {
	ID        int64
	CountryID int64
	ISO3      string
	Country   string
	Date      Date
	Name      string
	Verified  bool // checked against the year's official announcement
	Source    string
	// Region is the ISO 3166-2 code of the state or region where the day
	// is a holiday, e.g. "MY-07" for Pulau Pinang; empty for a national
	// holiday.
	Region string
	// Line is the line of the CSV the holiday was read from (0 when it
	// was not), so that a refusal found later names the line to fix.
	Line int
}

// Validate checks a holiday the secretariat edits: a day, a name, a
// region of its country (or none), and a short source. The problems are
// for the fields "date", "name", "region" and "source".
func (h *Holiday) Validate() error {
	p := Problems{}
	h.Name, h.Source = strings.TrimSpace(h.Name), strings.TrimSpace(h.Source)
	h.Region = strings.ToUpper(strings.TrimSpace(h.Region))
	if h.Date.IsZero() {
		p.Add("date", "Enter the day as YYYY-MM-DD.")
	}
	switch {
	case h.Name == "":
		p.Add("name", "Enter the holiday's name.")
	case utf8.RuneCountInString(h.Name) > 200:
		p.Add("name", "The name is longer than 200 characters.")
	}
	if !ValidRegion(h.ISO3, h.Region) {
		p.Add("region", fmt.Sprintf("%q is not a region of %s: write an ISO 3166-2 code such as %s-01, or leave it empty for a national holiday.",
			h.Region, h.Country, iso2[h.ISO3]))
	}
	if utf8.RuneCountInString(h.Source) > 300 {
		p.Add("source", "The source is longer than 300 characters.")
	}
	return p.Err()
}

// National reports whether the holiday is kept in the whole country.
func (h Holiday) National() bool { return h.Region == "" }

// appliesIn reports whether the holiday is kept at a venue in region (an
// ISO 3166-2 code, or empty when the venue's region is unknown): a national
// holiday everywhere, a regional one only in its region.
func (h Holiday) appliesIn(region string) bool {
	return h.Region == "" || (region != "" && h.Region == region)
}

// HolidayLabel names a holiday with its country, e.g. "Cambodia: Pchum Ben
// Festival (21 September 2025)", with its region when it has one, and says
// when the row is unverified.
func (h Holiday) HolidayLabel() string {
	s := fmt.Sprintf("%s: %s (%s)", h.Country, h.Name, h.Date.Long())
	if h.Region != "" {
		s = fmt.Sprintf("%s (%s): %s (%s)", h.Country, h.Region, h.Name, h.Date.Long())
	}
	if !h.Verified {
		s += " [unverified]"
	}
	return s
}

// iso2 maps the ISO 3166-1 alpha-3 codes of the ADMM and ADMM-Plus
// countries to alpha-2, the prefix of their ISO 3166-2 region codes.
var iso2 = map[string]string{
	"BRN": "BN", "KHM": "KH", "IDN": "ID", "LAO": "LA", "MYS": "MY", "MMR": "MM",
	"PHL": "PH", "SGP": "SG", "THA": "TH", "VNM": "VN", "TLS": "TL",
	"AUS": "AU", "CHN": "CN", "IND": "IN", "JPN": "JP", "NZL": "NZ", "KOR": "KR",
	"RUS": "RU", "USA": "US",
}

// ValidRegion reports whether region is an ISO 3166-2 code of the country
// iso3: its alpha-2 code, a hyphen and one to three letters or digits
// ("MY-07", "LA-VT", "ID-JK"). The empty region (national) is valid.
func ValidRegion(iso3, region string) bool {
	if region == "" {
		return true
	}
	prefix, sub, ok := strings.Cut(region, "-")
	if !ok || prefix != iso2[iso3] || prefix == "" || len(sub) < 1 || len(sub) > 3 {
		return false
	}
	for _, r := range sub {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// ParseHolidayCSV reads holidays as "country,date,name,verified,source,region"
// (a header row, '#' comment lines; verified is yes or no; source and
// region may be left out, so the older five-column files still read).
// Problems name the line, so that an import can say which row to fix.
func ParseHolidayCSV(r io.Reader) ([]Holiday, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	var out []Holiday
	header := true
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			return nil, Errorf(EINVALID, "Line %d of the CSV cannot be read: check the quotes and commas.", line)
		}
		if header {
			header = false
			if len(rec) > 0 && strings.EqualFold(strings.TrimSpace(rec[0]), "country") {
				continue
			}
		}
		h, err := parseHoliday(rec, line)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}

func parseHoliday(rec []string, line int) (Holiday, error) {
	if len(rec) < 3 {
		return Holiday{}, Errorf(EINVALID, "Line %d needs at least country, date and name.", line)
	}
	field := func(i int) string {
		if i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	h := Holiday{ISO3: strings.ToUpper(field(0)), Name: field(2), Source: field(4), Region: strings.ToUpper(field(5)), Line: line}
	if len(h.ISO3) != 3 {
		return Holiday{}, Errorf(EINVALID, "Line %d: %q is not a three-letter country code such as MYS.", line, rec[0])
	}
	var err error
	if h.Date, err = ParseDate(field(1)); err != nil {
		return Holiday{}, Errorf(EINVALID, "Line %d: %q is not a date as YYYY-MM-DD.", line, rec[1])
	}
	if h.Name == "" {
		return Holiday{}, Errorf(EINVALID, "Line %d: the holiday has no name.", line)
	}
	// The CSV is a multi-line field; its cells are one-line values (text.go).
	for _, cell := range []struct{ what, v string }{{"name", h.Name}, {"source", h.Source}} {
		if err := CheckSingleLine(cell.v); err != nil {
			return Holiday{}, Errorf(EINVALID, "Line %d, the %s: %s", line, cell.what, ErrorMessage(err))
		}
	}
	switch v := strings.ToLower(field(3)); v {
	case "yes", "no", "":
		h.Verified = v == "yes"
	default:
		return Holiday{}, Errorf(EINVALID, "Line %d: verified is %q; write yes or no.", line, rec[3])
	}
	if !ValidRegion(h.ISO3, h.Region) {
		if p := iso2[h.ISO3]; p != "" {
			return Holiday{}, Errorf(EINVALID, "Line %d: %q is not a region of %s; write an ISO 3166-2 code such as %s-01, or leave it empty for a national holiday.", line, field(5), h.ISO3, p)
		}
		return Holiday{}, Errorf(EINVALID, "Line %d: %q is not a region code Convene knows for %s; leave it empty for a national holiday.", line, field(5), h.ISO3)
	}
	return h, nil
}
