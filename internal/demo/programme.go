package demo

import (
	"context"
	"fmt"
	"time"

	"convene/internal/convene"
)

// slot is one session of the demo programme, in venue time on 26 February 2025.
type slot struct {
	meeting    string
	start, end string // "09:00" in Asia/Kuala_Lumpur
	title      string
	kind       convene.SessionKind
	room       string // a room of the Shangri-La, or "" for none
	attendance convene.Attendance
	plus       int
	visibility convene.Visibility
	notes      string
	internal   string
}

// penangProgramme is a realistic day for the Working Group (morning) and the
// Ministers' Retreat (afternoon) held together at the Shangri-La, Pulau
// Pinang. The Working Group's heads are the Ministers' alternates, so the two
// meetings follow each other rather than overlap.
var penangProgramme = []slot{
	// The secretariat's own sessions book no room: the rooms they use are
	// room holds (penangHolds).
	{"adsom-wg-2025", "08:00", "08:45", "Secretariat briefing and room check", convene.SessionInternal, "",
		convene.AttendSecretariat, 0, convene.VisibleInternal, "", "Check interpretation, flags in protocol order, name plates."},
	{"adsom-wg-2025", "09:00", "09:20", "Opening of the ADSOM Working Group", convene.SessionCeremony, "Straits Room",
		convene.AttendDelegations, 0, convene.VisiblePublic, "Welcome remarks by the Chair of the ADSOM Working Group, Malaysia.", ""},
	{"adsom-wg-2025", "09:20", "10:30", "Session 1: Review of ADMM and ADMM-Plus cooperation", convene.SessionWorkingGroup, "Straits Room",
		convene.AttendDelegations, 0, convene.VisibleDelegates, "Reports of the ADMM-Plus Experts' Working Groups.", ""},
	{"adsom-wg-2025", "10:30", "10:50", "Coffee break", convene.SessionBreak, "",
		convene.AttendDelegations, 0, convene.VisibleDelegates, "Straits Room foyer.", ""},
	{"adsom-wg-2025", "10:50", "12:00", "Session 2: Priorities of ADSOM and ADMM 2025", convene.SessionWorkingGroup, "Straits Room",
		convene.AttendDelegations, 0, convene.VisibleDelegates,
		"AI in defence, HADR civil-military coordination, cyber security, defence industry, ASEAN centrality.", ""},
	{"adsom-wg-2025", "12:00", "12:15", "Adoption of the Working Group's report to ADSOM", convene.SessionWorkingGroup, "Straits Room",
		convene.AttendDelegations, 0, convene.VisibleDelegates, "", ""},

	{"admm-retreat-2025", "12:30", "13:30", "Welcome lunch hosted by the Minister of Defence Malaysia", convene.SessionMeal, "Grand Ballroom",
		convene.AttendHeadsPlus, 1, convene.VisibleDelegates, "Halal; vegetarian meals as registered.", "Seating plan in protocol order."},
	{"admm-retreat-2025", "13:45", "14:15", "Official opening of the ADMM Retreat 2025", convene.SessionCeremony, "Grand Ballroom",
		convene.AttendHeadsPlus, 1, convene.VisiblePublic, "Presided over by the Minister of Defence Malaysia. Media pool admitted.", ""},
	{"admm-retreat-2025", "14:15", "14:30", "Family photo", convene.SessionFamilyPhoto, "",
		convene.AttendHeads, 0, convene.VisiblePublic, "Lobby staircase; the Grand Ballroom foyer if it rains.", ""},
	{"admm-retreat-2025", "14:30", "16:15", "Retreat session: regional security outlook and ASEAN centrality", convene.SessionRetreat, "Retreat Room",
		convene.AttendHeadsPlus, 1, convene.VisibleDelegates, "Ministers plus one. Interpretation on request.", ""},
	{"admm-retreat-2025", "16:15", "16:30", "Break", convene.SessionBreak, "",
		convene.AttendHeadsPlus, 1, convene.VisibleDelegates, "", ""},
	{"admm-retreat-2025", "16:30", "17:30", "Retreat session: deliverables for ADSOM and ADMM 2025", convene.SessionRetreat, "Retreat Room",
		convene.AttendHeadsPlus, 1, convene.VisibleDelegates, "", ""},
	{"admm-retreat-2025", "17:45", "18:15", "Bilateral slot A", convene.SessionBilateral, "Bilateral Room 1",
		convene.AttendHeadsPlus, 1, convene.VisibleDelegates, "Requests to the secretariat by 14:00.", ""},
	{"admm-retreat-2025", "17:45", "18:15", "Bilateral slot B", convene.SessionBilateral, "Bilateral Room 2",
		convene.AttendHeadsPlus, 1, convene.VisibleDelegates, "Requests to the secretariat by 14:00.", ""},
	{"admm-retreat-2025", "18:00", "19:00", "Secretariat debrief and dinner walk-through", convene.SessionInternal, "",
		convene.AttendSecretariat, 0, convene.VisibleInternal, "", "Motorcade order for the dinner; VIP lift held from 19:15."},
	{"admm-retreat-2025", "19:30", "21:30", "Official dinner hosted by the Minister of Defence Malaysia", convene.SessionMeal, "Grand Ballroom",
		convene.AttendDelegations, 0, convene.VisibleDelegates, "Lounge suit or national dress.", ""},
}

// loadProgramme writes the Penang programme and the Indonesian delegate's
// demo account. Every session goes through the same checks as the
// secretariat's form, so the demo cannot hold a clash the form would refuse.
func loadProgramme(ctx context.Context, s Store, meetings []*convene.Meeting, venue *convene.Venue,
	countryID map[string]int64, passwordHash string) error {
	byCode := map[string]*convene.Meeting{}
	for _, m := range meetings {
		byCode[m.Code] = m
	}
	rooms := map[string]int64{}
	for _, r := range venue.Rooms {
		rooms[r.Name] = r.ID
	}
	loc, err := time.LoadLocation("Asia/Kuala_Lumpur")
	if err != nil {
		return err
	}
	at := func(hm string) time.Time {
		t, err := time.ParseInLocation("2006-01-02 15:04", "2025-02-26 "+hm, loc)
		if err != nil {
			panic(err) // the table above is constant
		}
		return t.UTC()
	}
	for _, x := range penangProgramme {
		m := byCode[x.meeting]
		se := &convene.Session{MeetingID: m.ID, Title: x.title, Kind: x.kind, StartsAt: at(x.start), EndsAt: at(x.end),
			RoomID: rooms[x.room], Attendance: x.attendance, HeadsPlus: x.plus, Visibility: x.visibility,
			PublicNotes: x.notes, InternalNotes: x.internal}
		if err := s.CreateSession(ctx, se); err != nil {
			return fmt.Errorf("session %q: %w", x.title, err)
		}
	}
	// Both Penang programmes went out to the delegations as version 1, so
	// that visitors and delegates see them; later edits wait for the next
	// publication.
	for _, code := range []string{"admm-retreat-2025", "adsom-wg-2025"} {
		if m := byCode[code]; m != nil {
			if err := s.PublishProgramme(ctx, m.ID, "Programme for delegations"); err != nil {
				return fmt.Errorf("publish %s: %w", code, err)
			}
		}
	}

	if err := loadRoomHolds(ctx, s, byCode, rooms, at); err != nil {
		return err
	}

	// The Indonesian delegate: the Retreat's alternate head, who also leads
	// Indonesia in the Working Group.
	id, err := s.FindDelegateID(ctx, "admm-retreat-2025", "IDN", "Bambang", "Hartono")
	if err != nil {
		return fmt.Errorf("delegate of Indonesia: %w", err)
	}
	u := &convene.User{Email: "delegate.idn@" + EmailDomain, Name: "Bambang Hartono", Role: convene.RoleDelegate,
		CountryID: countryID["IDN"], DelegateID: id, PasswordHash: passwordHash}
	if err := s.CreateUser(ctx, u); err != nil {
		return fmt.Errorf("user %s: %w", u.Email, err)
	}
	return nil
}

// hold is one room hold of the demo, in venue time on 26 February 2025.
type hold struct {
	meeting    string
	start, end string
	kind       convene.HoldKind
	room       string
	label      string
	delegation string // ISO3 of the delegation whose office it is
	notes      string
}

// penangHolds are the rooms the secretariat keeps outside the programme on
// the day: the morning room check, the set-up of the ballroom for lunch,
// the media centre, Indonesia's delegation office and the secretariat's
// evening debrief.
var penangHolds = []hold{
	{"adsom-wg-2025", "08:00", "08:45", convene.HoldSetup, "Straits Room", "Room check before the Working Group", "",
		"Interpretation booths, flags in protocol order, name plates."},
	{"admm-retreat-2025", "10:30", "12:30", convene.HoldSetup, "Grand Ballroom", "Set-up of the welcome lunch", "",
		"Round tables of ten; head table in protocol order."},
	{"admm-retreat-2025", "07:30", "22:00", convene.HoldMediaCentre, "Media Centre", "Media centre", "",
		"Accredited media only; pool for the opening and the family photo."},
	{"admm-retreat-2025", "08:00", "21:30", convene.HoldDelegationOffice, "Delegation Office A", "Office of the Indonesian delegation", "IDN", ""},
	{"admm-retreat-2025", "18:00", "19:00", convene.HoldSecretariatOffice, "Straits Room", "Secretariat office for the debrief", "",
		"The Working Group's room, free after 12:15."},
}

// loadRoomHolds writes the demo's room holds through the same checks as the
// holds page, so the demo cannot hold a room the page would refuse.
func loadRoomHolds(ctx context.Context, s Store, byCode map[string]*convene.Meeting, rooms map[string]int64,
	at func(string) time.Time) error {
	for _, x := range penangHolds {
		m := byCode[x.meeting]
		h := &convene.RoomHold{MeetingID: m.ID, RoomID: rooms[x.room], Kind: x.kind, StartsAt: at(x.start),
			EndsAt: at(x.end), Label: x.label, Notes: x.notes}
		if x.delegation != "" {
			gs, err := s.DelegationsOf(ctx, m.ID)
			if err != nil {
				return err
			}
			for _, g := range gs {
				if g.Country.ISO3 == x.delegation {
					h.DelegationID = g.ID
				}
			}
		}
		if err := s.CreateRoomHold(ctx, h); err != nil {
			return fmt.Errorf("room hold %q: %w", x.label, err)
		}
	}
	return nil
}
