package web

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/views"
)

// delegationBooks is the programme book of one delegation (iso3) or of
// every delegation ("all"), one after another in one document: a cover, the
// sessions the delegation attends (convene.Attendees, never internal ones)
// with its bilaterals, its people, their hotel and room, their transfers,
// its liaison officer, the secretariat's contacts and the venue notes. It reads every fact
// from the store that owns it.
func (s *Server) delegationBooks(c echo.Context, m convene.Meeting, doc views.PrintDoc, iso3 string) (templ.Component, error) {
	ctx := c.Request().Context()
	gs, err := s.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
	if err != nil {
		return nil, err
	}
	if iso3 != "all" {
		g, err := s.delegationByISO3(ctx, m.ID, iso3)
		if err != nil {
			return nil, err
		}
		gs = []convene.Delegation{g}
		doc.Title = "Programme book: " + g.Country.Name
	} else {
		doc.Title = "Programme books of every delegation"
	}
	sessions, err := s.db.FindSessions(ctx, convene.SessionFilter{MeetingIDs: []int64{m.ID},
		Visibilities: convene.VisibleTo(convene.RoleDelegate), Published: true})
	if err != nil {
		return nil, err
	}
	bilaterals, err := s.db.ProgrammeBilaterals(ctx, []int64{m.ID})
	if err != nil {
		return nil, err
	}
	stays, err := s.db.FindStays(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	blocks, err := s.db.FindRoomBlocks(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	runs, err := s.db.FindTransferRuns(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	officers, err := s.db.FindLiaisonOfficers(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	staff, _, err := s.db.FindUsers(ctx, convene.UserFilter{Role: convene.RoleOfficer, Limit: 50})
	if err != nil {
		return nil, err
	}
	notes, err := s.db.FindVenueNotes(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	loc := m.Location()
	d := views.DelegationBooksData{Doc: doc, VenueNotes: notes.Items()}
	for _, u := range staff {
		if !u.Disabled {
			d.Secretariat = append(d.Secretariat, views.BookContact{Name: u.Name, Email: u.Email})
		}
	}
	hotel := map[int64]string{}
	for _, b := range blocks {
		hotel[b.ID] = b.HotelName
	}
	stayOf := map[int64]convene.Stay{}
	for _, st := range stays {
		stayOf[st.DelegateID] = st
	}
	for _, g := range gs {
		all, _, err := s.db.FindDelegates(ctx, convene.DelegateFilter{DelegationID: g.ID, Limit: 1000})
		if err != nil {
			return nil, err
		}
		var people []convene.Delegate
		for _, p := range all {
			if p.Status != convene.RegWithdrawn && p.Status != convene.RegRejected {
				people = append(people, p)
			}
		}
		b := views.DelegationBook{Country: g.Country.Name, Head: g.HeadName}
		mine := map[int64]string{} // the delegation's people's names by id
		for _, p := range people {
			mine[p.ID] = p.DisplayName()
			row := views.BookPerson{Name: p.DisplayName(), Position: p.Position, Role: p.Role.Label()}
			if st, ok := stayOf[p.ID]; ok {
				row.Hotel, row.Room = hotel[st.BlockID], st.RoomLabel
				row.Nights = st.CheckIn.Long() + " – " + st.CheckOut.Long()
				if !slices.Contains(b.Hotels, row.Hotel) {
					b.Hotels = append(b.Hotels, row.Hotel)
				}
			}
			b.People = append(b.People, row)
		}
		type entry struct {
			at time.Time
			s  views.BookSession
		}
		var entries []entry
		for _, x := range sessions {
			who := convene.Attendees(x, people)
			if len(who) == 0 {
				continue
			}
			var names []string
			for _, p := range who {
				names = append(names, p.DisplayName())
			}
			entries = append(entries, entry{x.StartsAt, views.BookSession{Time: bookTime(x.StartsAt, x.EndsAt, loc),
				Title: x.Title, Kind: x.Kind.Label(), Room: x.RoomName, Notes: x.PublicNotes, Cancelled: x.Cancelled,
				Who: strings.Join(names, ", ")}})
		}
		for _, x := range bilaterals {
			if !x.Involves(g.ID) {
				continue
			}
			notes := x.Level.Label()
			if x.Interpretation != "" {
				notes += " · interpretation: " + x.Interpretation
			}
			entries = append(entries, entry{x.StartsAt, views.BookSession{Time: bookTime(x.StartsAt, x.EndsAt, loc),
				Title: "Bilateral meeting: " + x.Title(), Kind: "Bilateral meeting", Room: x.RoomName, Notes: notes,
				Cancelled: x.Status == convene.BilateralCancelled, Bilateral: true}})
		}
		sort.SliceStable(entries, func(i, j int) bool { return entries[i].at.Before(entries[j].at) })
		for _, e := range entries {
			label := e.at.In(loc).Format("Monday 2 January 2006")
			if len(b.Days) == 0 || b.Days[len(b.Days)-1].Label != label {
				b.Days = append(b.Days, views.BookDay{Label: label})
			}
			b.Days[len(b.Days)-1].Sessions = append(b.Days[len(b.Days)-1].Sessions, e.s)
		}
		for _, r := range runs {
			var names []string
			for _, p := range r.Passengers {
				if name, ok := mine[p.DelegateID]; ok {
					names = append(names, name)
				}
			}
			if len(names) == 0 {
				continue
			}
			b.Transfers = append(b.Transfers, views.BookTransfer{Direction: r.Direction.Label(),
				When: convene.FormatInZone(r.DepartsAt, loc, "Mon 2 Jan 15:04"), Airport: r.Airport,
				Vehicle: strings.TrimSpace(r.Vehicle + " " + r.Plate), Driver: r.Driver, Destination: r.Destination,
				Passengers: strings.Join(names, ", ")})
		}
		for _, o := range officers {
			if o.DelegationID == g.ID {
				b.Liaison = append(b.Liaison, views.BookContact{Name: o.Name, Email: o.Email, Mobile: o.Mobile, Languages: o.Languages})
			}
		}
		d.Books = append(d.Books, b)
	}
	return views.DelegationBooksPage(d), nil
}
