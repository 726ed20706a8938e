//go:build bench

package main

import (
	"context"
	"fmt"
	"time"

	"convene/internal/convene"
	"convene/internal/demo"
	"convene/internal/password"
	"convene/internal/sqlite"
)

// dataset is what the generator wrote and the scenarios need to know.
type dataset struct {
	meetings   int           // meetings in the database, demo included
	delegates  int           // delegates in the database, demo included
	meeting    string        // the code of a generated meeting the pages show
	regMeeting string        // the meeting the registration scenario nominates into (quotas of registrationQuota)
	focal      []focalUser   // one per country, for the per-country scenarios
	generation time.Duration // how long generating took
}

type focalUser struct {
	ID    int64
	Email string
	Name  string
	ISO3  string
}

// benchNames are the generated delegates' names, in the scripts of the
// region, so that rendering and sorting work on what the real data holds.
var benchNames = []struct {
	given, family string
	familyFirst   bool
}{
	{"Thị Ánh", "Nguyễn", true},
	{"สมชาย", "ใจดี", false},
	{"ພອນສະຫວັນ", "ສີຫາລາດ", false},
	{"សុភា", "ហេង", true},
	{"မောင်မောင်", "", false},
	{"Siti Aminah binti Osman", "", false},
	{"Jun Hao", "Lim", true},
	{"Darmawan", "", false},
}

// generate fills a new database at path with the demo dataset plus meetings
// generated meetings, each with a delegation of perDelegation delegates from
// every country, all through the store's Seeder (one transaction a meeting,
// each record with its audit row), and sets pw on every demo account.
func generate(ctx context.Context, path string, meetings, perDelegation int, pw string) (dataset, error) {
	start := time.Now()
	ds := dataset{}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return ds, err
	}
	defer db.Close()
	hash, err := password.Hash(ctx, pw)
	if err != nil {
		return ds, err
	}
	if err := db.Seed(ctx, func(s *sqlite.Seeder) error { return demo.Load(ctx, s, hash) }); err != nil {
		return ds, fmt.Errorf("demo data: %w", err)
	}
	all, err := db.FindCountries(ctx)
	if err != nil {
		return ds, err
	}
	focalOf := map[int64]int64{}
	for _, a := range demo.Accounts() {
		if a.Role != convene.RoleFocal {
			continue
		}
		u, err := db.FindUserByEmail(ctx, a.Email)
		if err != nil {
			return ds, err
		}
		focalOf[u.CountryID] = u.ID
		iso := ""
		for _, c := range all {
			if c.ID == u.CountryID {
				iso = c.ISO3
			}
		}
		ds.focal = append(ds.focal, focalUser{ID: u.ID, Email: u.Email, Name: u.Name, ISO3: iso})
	}
	// The demo's eleven participants (those with a focal point), in
	// today's protocol order: the partners and the ASEAN Secretariat the
	// migrations also ship stay out, so that the dataset keeps its size.
	var countries []convene.Country
	for _, c := range all {
		if focalOf[c.ID] != 0 {
			countries = append(countries, c)
		}
	}
	retreat, err := db.FindMeetingByCode(ctx, "admm-retreat-2025")
	if err != nil {
		return ds, err
	}
	venue, err := db.FindVenueByID(ctx, retreat.VenueID)
	if err != nil {
		return ds, err
	}
	rooms := map[string]int64{}
	for _, r := range venue.Rooms {
		rooms[r.Name] = r.ID
	}
	overflow := convene.Venue{Name: "Golden Sands Resort, Batu Ferringhi (bench)", Kind: "hotel",
		City: "Batu Ferringhi, Pulau Pinang", Address: "Batu Ferringhi, 11100 Pulau Pinang, Malaysia", TimeZone: "Asia/Kuala_Lumpur"}
	if meetings > 0 {
		if err := db.Seed(ctx, func(s *sqlite.Seeder) error { return s.CreateVenue(ctx, &overflow) }); err != nil {
			return ds, fmt.Errorf("overflow hotel: %w", err)
		}
	}
	first := time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC)
	for i := range meetings {
		err := db.Seed(ctx, func(s *sqlite.Seeder) error {
			bulk := s.Bulk()
			defer bulk.Close()
			day := first.AddDate(0, 0, 3*i)
			host := countries[i%len(countries)]
			m := &convene.Meeting{Code: fmt.Sprintf("bench-%03d", i), Title: fmt.Sprintf("ADMM-Plus Experts' Working Group %d", i+1),
				Kind: convene.KindADMMPlus, HostCountryID: host.ID, City: "George Town, Pulau Pinang", VenueID: retreat.VenueID,
				TimeZone: "Asia/Kuala_Lumpur", Theme: "Inclusivity and Sustainability", Chair: host.Name,
				Status: convene.StatusRegistrationOpen, DatePrecision: convene.PrecisionDay,
				StartDate: convene.DateOf(day), EndDate: convene.DateOf(day.AddDate(0, 0, 1)), FocusAreas: retreat.FocusAreas}
			if err := s.CreateMeeting(ctx, m); err != nil {
				return err
			}
			var people []convene.Delegate
			for _, c := range countries {
				quota := perDelegation + 5
				if i == 0 {
					quota = registrationQuota // the registration scenario's meeting
				}
				g := &convene.Delegation{MeetingID: m.ID, CountryID: c.ID, Quota: quota,
					FocalUserID: focalOf[c.ID], Status: convene.DelegationNominating}
				if err := s.CreateDelegation(ctx, g); err != nil {
					return err
				}
				for j := range perDelegation {
					n := benchNames[(i+j)%len(benchNames)]
					role := convene.RoleMember
					if j == 0 {
						role = convene.RoleHead
					}
					d := &convene.Delegate{DelegationID: g.ID, Honorific: "Col.", GivenName: n.given, FamilyName: n.family,
						FamilyNameFirst: n.familyFirst, Position: fmt.Sprintf("Staff Officer %d", j+1), Role: role,
						Nationality: c.ISO3, Status: convene.RegSubmitted, Dietary: "halal",
						Country: c}
					if err := bulk.Delegate(ctx, d); err != nil {
						return err
					}
					people = append(people, *d)
				}
			}
			if err := bulk.Programme(ctx, *m, benchProgramme(*m, rooms)); err != nil {
				return err
			}
			return benchLogistics(ctx, s, bulk, *m, host.ISO3, people, overflow.ID)
		})
		if err != nil {
			return ds, fmt.Errorf("generated meeting %d: %w", i, err)
		}
	}
	counts, err := db.TableCounts(ctx)
	if err != nil {
		return ds, err
	}
	ds.meetings, ds.delegates = counts["meetings"], counts["delegates"]
	ds.meeting, ds.regMeeting = "admm-retreat-2025", "admm-retreat-2025"
	if meetings > 0 {
		ds.meeting, ds.regMeeting = fmt.Sprintf("bench-%03d", meetings/2), "bench-000"
	}
	ds.generation = time.Since(start)
	return ds, nil
}
