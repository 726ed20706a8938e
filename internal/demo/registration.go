package demo

import (
	"context"
	"fmt"
	"time"

	"convene/internal/convene"
)

// demoPerson is a registration the demo walks through the state machine, so
// that a newcomer finds every stage on the Retreat and the Working Group
// with its audit trail: nominated, submitted, returned with a reason,
// accredited with full travel details, rejected, withdrawn and waitlisted.
type demoPerson struct {
	meeting, iso3 string
	reg           convene.Registration
	steps         []convene.RegAction
	reason        string
}

func kl(y, m, d, hh, mm int) time.Time {
	loc, err := time.LoadLocation("Asia/Kuala_Lumpur")
	if err != nil {
		loc = time.FixedZone("MYT", 8*3600)
	}
	return time.Date(y, time.Month(m), d, hh, mm, 0, 0, loc).UTC()
}

func reg(honorific, given, family string, familyFirst bool, position string, role convene.DelegateRole) convene.Registration {
	return convene.Registration{Delegate: convene.Delegate{Honorific: honorific, GivenName: given, FamilyName: family,
		FamilyNameFirst: familyFirst, Position: position, Role: role, Dietary: "none"}}
}

func demoPeople() []demoPerson {
	const wg, rt = "adsom-wg-2025", "admm-retreat-2025"
	mai := reg("Col.", "Thị Mai", "Võ", true, "Deputy Director, Department of Defence Policy", convene.RoleMember)
	mai.Email, mai.Mobile, mai.Nationality = "mai.vo@mod.example.vn", "+84 912 345 678", "VNM"
	mai.PassportNumber, mai.PassportExpiry = "C1234567", convene.Date{Year: 2032, Month: 4, Day: 30}
	mai.PassportType, mai.PassportName = convene.PassportOfficial, "VO THI MAI"
	mai.DateOfBirth = convene.Date{Year: 1980, Month: 7, Day: 15}
	mai.Dietary, mai.Medical = "vegetarian", "Uses a wheelchair; needs step-free access."
	// Her flights, as her registration form took them: they go to the travel
	// store the arrivals board and transfers read.
	mai.Arrival = convene.TravelLeg{Direction: convene.Arrival, Flight: "VN 681", Airport: "PEN", At: kl(2025, 2, 25, 13, 40)}
	mai.Departure = convene.TravelLeg{Direction: convene.Departure, Flight: "VN 680", Airport: "PEN", At: kl(2025, 2, 27, 15, 10)}

	suliya := reg("Maj.", "ສຸລິຍາ", "ແກ້ວມະນີ", false, "Staff Officer, Foreign Relations Department", convene.RoleAdviser)
	suliya.Nationality, suliya.PassportNumber = "LAO", "P0123456"
	suliya.PassportExpiry = convene.Date{Year: 2025, Month: 6, Day: 30}

	// Lao PDR's interpreter at the Retreat is an Australian national on
	// an ordinary passport: by the default visa rules she needs a visa for
	// Malaysia, so the secretariat can issue her visa-support letter
	// (issue 18).
	interpreter := reg("Ms", "Sarah", "Whitaker", false, "Interpreter (English–Lao)", convene.RoleInterpreter)
	interpreter.Nationality, interpreter.PassportType = "AUS", convene.PassportOrdinary
	interpreter.PassportNumber, interpreter.PassportExpiry = "PA0004711", convene.Date{Year: 2031, Month: 8, Day: 31}
	interpreter.Email = "sarah.whitaker@interpreting.example.au"

	out := []demoPerson{
		{meeting: rt, iso3: "LAO", reg: interpreter, steps: []convene.RegAction{convene.ActAccredit}},
		{meeting: wg, iso3: "VNM", reg: mai, steps: []convene.RegAction{convene.ActAccredit}},
		{meeting: wg, iso3: "LAO", reg: suliya, steps: []convene.RegAction{convene.ActReturn},
			reason: "The passport expires on 30 June 2025, less than six months after the meeting; please renew it and send the new number."},
		{meeting: wg, iso3: "IDN", reg: reg("Lt Col.", "Siti", "Rahayu", false, "Staff Officer", convene.RoleMember),
			steps: []convene.RegAction{convene.ActReject}, reason: "Not on Indonesia's Note Verbale of 10 February 2025."},
		{meeting: wg, iso3: "MYS", reg: reg("Kol.", "Farid", "bin Osman", false, "Staff Officer", convene.RoleLiaison),
			steps: []convene.RegAction{convene.ActWithdraw}},
		{meeting: wg, iso3: "MMR", reg: reg("Lt Col.", "ဇော်ဇော်", "", false, "Staff Officer (Grade 2)", convene.RoleMember)},
		{meeting: wg, iso3: "THA", reg: reg("Col.", "ประเสริฐ", "วงศ์ใหญ่", false, "Director of ASEAN Affairs", convene.RoleMember)},
		{meeting: rt, iso3: "KHM", reg: reg("Col.", "សុខា", "ចាន់", true, "Aide-de-camp", convene.RoleMember),
			steps: []convene.RegAction{convene.ActReject}, reason: "The Retreat is limited to the Minister and three; please nominate for the Working Group instead."},
	}
	// The Philippines fill the Working Group's quota of 6 and one more waits.
	for _, n := range [][2]string{{"Carmela", "Ocampo"}, {"Rogelio", "Dizon"}, {"Liza", "Marquez"}, {"Benjamin", "Sison"},
		{"Teresa", "Gomez"}, {"Ricardo", "Lim"}} {
		out = append(out, demoPerson{meeting: wg, iso3: "PHL", reg: reg("", n[0], n[1], false, "Defense Staff", convene.RoleMember)})
	}
	return out
}

// loadRegistration adds the registration stages the base demo lacks and
// then derives every delegation's status from its people.
func loadRegistration(ctx context.Context, s Store, meetings []*convene.Meeting, countryID map[string]int64) error {
	byCode := map[string]*convene.Meeting{}
	for _, m := range meetings {
		byCode[m.Code] = m
	}
	for _, p := range demoPeople() {
		m := byCode[p.meeting]
		gid, err := s.DelegationID(ctx, m.ID, countryID[p.iso3])
		if err != nil {
			return err
		}
		r := p.reg
		r.DelegationID, r.MeetingID = gid, m.ID
		r.Country = countryOf(p.iso3)
		r.Status = convene.RegNominated
		if p.iso3 == "PHL" && r.GivenName == "Ricardo" {
			r.Status, r.WaitlistPos = convene.RegWaitlisted, 1
		}
		if len(p.steps) > 0 && p.steps[0] != convene.ActWithdraw {
			r.Status = convene.RegSubmitted
		}
		if err := s.SeedRegistration(ctx, &r); err != nil {
			return fmt.Errorf("%s %s: %w", p.meeting, r.FullName(), err)
		}
		for _, act := range p.steps {
			if err := s.SeedTransition(ctx, r.ID, act, p.reason); err != nil {
				return fmt.Errorf("%s %s %s: %w", p.meeting, r.FullName(), act, err)
			}
		}
	}
	for _, m := range meetings {
		if err := s.RecomputeDelegationStatuses(ctx, m.ID); err != nil {
			return err
		}
	}
	return loadPendingChange(ctx, s)
}

// loadPendingChange gives the secretariat's queue of pending changes one
// entry: Indonesia's interpreter at the Retreat, accredited, changes her
// family name and her mobile number through her personal link. The mobile
// applies at once; the name waits for approval while every list and her
// badge keep the approved one.
func loadPendingChange(ctx context.Context, s Store) error {
	id, err := s.FindDelegateID(ctx, "admm-retreat-2025", "IDN", "Dewi", "Lestari")
	if err != nil {
		return fmt.Errorf("pending change: %w", err)
	}
	r, err := s.SeedFindRegistration(ctx, id)
	if err != nil {
		return err
	}
	r.FamilyName, r.Mobile = "Lestari Wibowo", "+62 812 3456 7890"
	if _, err := s.SeedUpdateRegistration(ctx, &r, convene.ViaLink); err != nil {
		return fmt.Errorf("pending change: %w", err)
	}
	return nil
}

func countryOf(iso3 string) convene.Country {
	for _, p := range participants {
		if p.ISO3 == iso3 {
			return p.Country
		}
	}
	return convene.Country{ISO3: iso3}
}
