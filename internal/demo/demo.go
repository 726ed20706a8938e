// Package demo builds the demonstration dataset: the 2025 ADMM cycle as the
// Ministry of Defence Malaysia's press release of 26 February 2025 describes
// it (../shared/context), with fictitious delegates whose names exercise every
// script of the region. It imports the domain only; the store passes in a
// Seeder so that the whole dataset is written in one transaction.
package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"convene/internal/convene"
	"convene/internal/sqlite"
)

// Store is what the demo loader needs from the store: the create methods of
// sqlite.Seeder, all inside one transaction.
type Store interface {
	Countries(ctx context.Context) ([]convene.Country, error)
	CreateFocusAreas(ctx context.Context, fas []convene.FocusArea) error
	CreateVenue(ctx context.Context, v *convene.Venue) error
	CreateMeeting(ctx context.Context, m *convene.Meeting) error
	CreateUser(ctx context.Context, u *convene.User) error
	CreateDelegation(ctx context.Context, g *convene.Delegation) error
	CreateDelegate(ctx context.Context, p *convene.Delegate) error

	// Meetings, programme and scheduling.
	CreateSession(ctx context.Context, s *convene.Session) error
	CreateRoomHold(ctx context.Context, h *convene.RoomHold) error
	PublishProgramme(ctx context.Context, meetingID int64, note string) error
	FindDelegateID(ctx context.Context, meetingCode, iso3, given, family string) (int64, error)
	Now() time.Time
	OpenPoll(ctx context.Context, meetingID int64, starts []convene.Date, closesOn convene.Date) (convene.Poll, error)
	AnswerPoll(ctx context.Context, meetingID, delegationID int64, answers []convene.PollResponse) error
	ProposeNextCycle(ctx context.Context, year int) ([]convene.CycleProposal, error)
	CreateNextCycle(ctx context.Context, year int, codes []string) ([]convene.Meeting, error)

	// Delegations, registration and accreditation.
	SeedRegistration(ctx context.Context, r *convene.Registration) error
	SeedTransition(ctx context.Context, id int64, act convene.RegAction, reason string) error
	DelegationID(ctx context.Context, meetingID, countryID int64) (int64, error)
	RecomputeDelegationStatuses(ctx context.Context, meetingID int64) error
	SeedFindRegistration(ctx context.Context, id int64) (convene.Registration, error)
	SeedUpdateRegistration(ctx context.Context, r *convene.Registration, via convene.ChangeVia) (convene.PendingChange, error)

	// Venue logistics.
	CreateRoomBlock(ctx context.Context, b *convene.RoomBlock) error
	AssignRooms(ctx context.Context, meetingID int64, stays []convene.Stay) error
	CreateLiaisonOfficer(ctx context.Context, o *convene.LiaisonOfficer) error
	LiaisonOfficersOf(ctx context.Context, meetingID int64) ([]convene.LiaisonOfficer, error)
	CreateBadgeHolder(ctx context.Context, h *convene.BadgeHolder) error
	IssueHolderBadges(ctx context.Context, meetingID int64, holderIDs []int64, reprint bool) (int, error)
	SaveVenueNotes(ctx context.Context, v convene.VenueNotes) error
	DelegatesOf(ctx context.Context, meetingID int64) ([]convene.Delegate, error)
	DelegationsOf(ctx context.Context, meetingID int64) ([]convene.Delegation, error)
	SaveTravelLeg(ctx context.Context, meetingID int64, l *convene.TravelLeg) error
	CreateTransferRuns(ctx context.Context, runs []convene.TransferRun) error

	// Bilateral meetings.
	CreateBilateral(ctx context.Context, b *convene.Bilateral) error
	ActOnBilateral(ctx context.Context, meetingID, id int64, act convene.BilateralAction, response string) error
	ScheduleBilateral(ctx context.Context, meetingID, id int64, p convene.Placement) error

	// Meeting documents.
	CreateDocument(ctx context.Context, doc *convene.Document, f sqlite.UploadedFile) error
	AddDocumentVersion(ctx context.Context, meetingID, docID int64, changes string, f sqlite.UploadedFile) (int, error)
	SetNoteVerbale(ctx context.Context, meetingID, delegationID int64, f sqlite.UploadedFile) error
}

// EmailDomain is the domain of every demo account.
const EmailDomain = "demo.test"

// Account is a demo account as the start-up banner prints it.
type Account struct {
	Email string
	Role  convene.Role
	Note  string
}

// participant is one country of the cycle with its demo people.
type participant struct {
	convene.Country
	focal    string // the focal point's name
	retreat  []person
	working  []person
	nominate convene.DelegationStatus // status of its Retreat delegation
}

type person struct {
	honorific, given, family string
	familyFirst              bool
	position                 string
	role                     convene.DelegateRole
	status                   convene.RegistrationStatus
	dietary                  string
}

// participants are the 10 ASEAN Member States and Timor-Leste, by their
// official English short names and ISO 3166 alpha-3 codes, as the
// migrations ship them (the demo looks them up, it does not create them).
// Timor-Leste takes part as an observer in February 2025 and as the 11th
// Member State in November 2025: its standing comes from the dated
// standings, not from the demo. The people are fictitious.
var participants = []participant{
	{Country: convene.Country{ISO3: "BRN", Name: "Brunei Darussalam"}, focal: "Nurul Huda binti Abdullah",
		nominate: convene.DelegationAccredited,
		retreat: []person{
			{"Yang Berhormat Pehin", "Mohd Yusof bin Haji Ahmad", "", false, "Minister of Defence II", convene.RoleHead, convene.RegAccredited, "halal"},
			{"Col.", "Hajah Siti Aminah binti Haji Osman", "", false, "Director of Defence Policy", convene.RoleMember, convene.RegAccredited, "halal"},
		},
		working: []person{
			{"Col.", "Hajah Siti Aminah binti Haji Osman", "", false, "Director of Defence Policy", convene.RoleHead, convene.RegAccredited, "halal"},
		}},
	{Country: convene.Country{ISO3: "KHM", Name: "Cambodia"}, focal: "Chea Sreymom",
		nominate: convene.DelegationSubmitted,
		retreat: []person{
			{"Gen.", "Chanthou", "Sok", true, "Deputy Prime Minister, Minister of National Defence", convene.RoleHead, convene.RegAccredited, ""},
			{"Lt Gen.", "សុភា", "ហេង", true, "Director-General of Policy and Foreign Affairs", convene.RoleAlternate, convene.RegSubmitted, ""},
		},
		working: []person{
			{"Lt Gen.", "សុភា", "ហេង", true, "Director-General of Policy and Foreign Affairs", convene.RoleHead, convene.RegSubmitted, ""},
		}},
	{Country: convene.Country{ISO3: "IDN", Name: "Indonesia"}, focal: "Rini Wulandari",
		nominate: convene.DelegationAccredited,
		retreat: []person{
			{"H.E.", "Darmawan", "", false, "Minister of Defence", convene.RoleHead, convene.RegAccredited, "halal"},
			{"Maj. Gen.", "Bambang", "Hartono", false, "Director General of Defence Strategy", convene.RoleAlternate, convene.RegAccredited, "halal"},
			{"", "Dewi", "Lestari", false, "Interpreter", convene.RoleInterpreter, convene.RegAccredited, "halal"},
		},
		working: []person{
			{"Maj. Gen.", "Bambang", "Hartono", false, "Director General of Defence Strategy", convene.RoleHead, convene.RegAccredited, "halal"},
			{"Col.", "Agus", "Setiawan", false, "Head of ASEAN Cooperation", convene.RoleMember, convene.RegAccredited, "halal"},
		}},
	{Country: convene.Country{ISO3: "LAO", Name: "Lao PDR"}, focal: "ມະນີວັນ ພົມມະຈັນ",
		nominate: convene.DelegationNominating,
		retreat: []person{
			{"Gen.", "Chansamone", "Vongsay", false, "Deputy Prime Minister, Minister of National Defence", convene.RoleHead, convene.RegSubmitted, ""},
			{"Col.", "ພອນສະຫວັນ", "ສີຫາລາດ", false, "Deputy Director, Foreign Relations Department", convene.RoleMember, convene.RegNominated, ""},
		},
		working: []person{
			{"Col.", "ພອນສະຫວັນ", "ສີຫາລາດ", false, "Deputy Director, Foreign Relations Department", convene.RoleHead, convene.RegNominated, ""},
		}},
	{Country: convene.Country{ISO3: "MYS", Name: "Malaysia"}, focal: "Nor Azlina binti Ismail",
		nominate: convene.DelegationAccredited,
		retreat: []person{
			{"Dato' Seri", "Ahmad Faizal bin Rahman", "", false, "Minister of Defence (Chair)", convene.RoleHead, convene.RegAccredited, "halal"},
			{"Lt Gen. Dato'", "Zulkifli bin Hassan", "", false, "Chief of Defence Policy", convene.RoleAlternate, convene.RegAccredited, "halal"},
			{"Puan", "Siti Mariam binti Yusof", "", false, "Principal Assistant Secretary", convene.RoleAdviser, convene.RegAccredited, "halal"},
			{"Maj.", "Kumaran", "a/l Subramaniam", false, "Liaison Officer", convene.RoleLiaison, convene.RegAccredited, "vegetarian"},
		},
		working: []person{
			{"Lt Gen. Dato'", "Zulkifli bin Hassan", "", false, "Chief of Defence Policy", convene.RoleHead, convene.RegAccredited, "halal"},
			{"Puan", "Siti Mariam binti Yusof", "", false, "Principal Assistant Secretary", convene.RoleMember, convene.RegAccredited, "halal"},
		}},
	{Country: convene.Country{ISO3: "MMR", Name: "Myanmar"}, focal: "Daw Khin Sandar",
		nominate: convene.DelegationSubmitted,
		retreat: []person{
			{"Adm.", "Tin Aung Kyaw", "", false, "Union Minister for Defence", convene.RoleHead, convene.RegReturned, ""},
			{"Col.", "မောင်မောင်", "", false, "Staff Officer (Grade 1)", convene.RoleMember, convene.RegSubmitted, ""},
		},
		working: []person{
			{"Col.", "မောင်မောင်", "", false, "Staff Officer (Grade 1)", convene.RoleHead, convene.RegSubmitted, ""},
		}},
	{Country: convene.Country{ISO3: "PHL", Name: "Philippines"}, focal: "Maria Lourdes Bautista",
		nominate: convene.DelegationAccredited,
		retreat: []person{
			{"H.E.", "Ramon", "dela Cruz", false, "Secretary of National Defense", convene.RoleHead, convene.RegAccredited, ""},
			{"RADM", "Jose Emmanuel", "Villanueva", false, "Assistant Secretary for Strategic Assessment", convene.RoleAlternate, convene.RegAccredited, ""},
			{"", "Ana", "Reyes", false, "Defense Attaché Office", convene.RoleMember, convene.RegWithdrawn, ""},
		},
		working: []person{
			{"RADM", "Jose Emmanuel", "Villanueva", false, "Assistant Secretary for Strategic Assessment", convene.RoleHead, convene.RegAccredited, ""},
		}},
	{Country: convene.Country{ISO3: "SGP", Name: "Singapore"}, focal: "Priya Raman",
		nominate: convene.DelegationAccredited,
		retreat: []person{
			{"Dr", "Wei Ming", "Tan", true, "Minister for Defence", convene.RoleHead, convene.RegAccredited, ""},
			{"BG", "Priya", "Raman", false, "Director (Policy Office)", convene.RoleAlternate, convene.RegAccredited, "vegetarian"},
		},
		working: []person{
			{"BG", "Priya", "Raman", false, "Director (Policy Office)", convene.RoleHead, convene.RegAccredited, "vegetarian"},
			{"ME6", "Jun Hao", "Lim", true, "Deputy Director", convene.RoleMember, convene.RegAccredited, ""},
		}},
	{Country: convene.Country{ISO3: "THA", Name: "Thailand"}, focal: "Kanokwan Srisuk",
		nominate: convene.DelegationSubmitted,
		retreat: []person{
			{"Gen.", "สมชาย", "ใจดี", false, "Minister of Defence", convene.RoleHead, convene.RegAccredited, ""},
			{"Lt Gen.", "Anan", "Srisuk", false, "Director of Defence Policy", convene.RoleAlternate, convene.RegSubmitted, ""},
			{"Col.", "Wanchai", "Thongdee", false, "Assistant Defence Attaché", convene.RoleMember, convene.RegSubmitted, ""},
			{"Lt Col.", "Niran", "Phromma", false, "Staff Officer", convene.RoleMember, convene.RegSubmitted, ""},
			{"Maj.", "Pimchanok", "Wongsa", false, "Staff Officer", convene.RoleMember, convene.RegWaitlisted, ""},
		},
		working: []person{
			{"Lt Gen.", "Anan", "Srisuk", false, "Director of Defence Policy", convene.RoleHead, convene.RegSubmitted, ""},
		}},
	{Country: convene.Country{ISO3: "VNM", Name: "Viet Nam"}, focal: "Nguyễn Thị Ánh",
		nominate: convene.DelegationAccredited,
		retreat: []person{
			{"Sen. Lt Gen.", "Quốc Bình", "Trần", true, "Minister of National Defence", convene.RoleHead, convene.RegAccredited, ""},
			{"Maj. Gen.", "Thị Ánh", "Nguyễn", true, "Director, Foreign Relations Department", convene.RoleAlternate, convene.RegAccredited, ""},
		},
		working: []person{
			{"Maj. Gen.", "Thị Ánh", "Nguyễn", true, "Director, Foreign Relations Department", convene.RoleHead, convene.RegAccredited, ""},
			{"Col.", "Đức Thắng", "Lê", true, "Deputy Director", convene.RoleMember, convene.RegAccredited, ""},
		}},
	{Country: convene.Country{ISO3: "TLS", Name: "Timor-Leste"}, focal: "Joana Soares",
		nominate: convene.DelegationNotStarted,
		retreat:  []person{},
		working:  []person{}},
}

// FocusAreas are the five focus areas of ADSOM and ADMM 2025 (press release, §5).
var focusAreas = []convene.FocusArea{
	{Code: "ai", Title: "Cooperation in artificial intelligence (AI) in the defence sector"},
	{Code: "hadr", Title: "Civil-military coordination in Humanitarian Assistance and Disaster Relief (HADR)"},
	{Code: "cyber", Title: "Cyber security capacity and capability"},
	{Code: "industry", Title: "Defence industry cooperation"},
	{Code: "centrality", Title: "ASEAN centrality, including maritime security"},
}

// Accounts returns the demo accounts in the order the banner prints them.
func Accounts() []Account {
	out := []Account{
		{Email: "admin@" + EmailDomain, Role: convene.RoleAdmin, Note: "secretariat administrator"},
		{Email: "staff@" + EmailDomain, Role: convene.RoleOfficer, Note: "secretariat officer"},
		{Email: "organiser@" + EmailDomain, Role: convene.RoleOrganiser, Note: "organiser: read and print"},
		{Email: "delegate.idn@" + EmailDomain, Role: convene.RoleDelegate, Note: "delegate, Indonesia (Bambang Hartono)"},
	}
	for _, p := range participants {
		out = append(out, Account{Email: focalEmail(p.ISO3), Role: convene.RoleFocal, Note: "focal point, " + p.Name})
	}
	return out
}

func focalEmail(iso3 string) string { return "focal." + strings.ToLower(iso3) + "@" + EmailDomain }

// Load writes the demo dataset. passwordHash is set on every demo account.
func Load(ctx context.Context, s Store, passwordHash string) error {
	countries, err := s.Countries(ctx)
	if err != nil {
		return fmt.Errorf("countries: %w", err)
	}
	byISO3 := map[string]convene.Country{}
	for _, c := range countries {
		byISO3[c.ISO3] = c
	}
	countryID := map[string]int64{}
	for _, p := range participants {
		c, ok := byISO3[p.ISO3]
		if !ok || c.Name != p.Name {
			return fmt.Errorf("countries: %s %q is not in the database's reference data (found %q)", p.ISO3, p.Name, c.Name)
		}
		countryID[p.ISO3] = c.ID
	}
	fas := append([]convene.FocusArea(nil), focusAreas...)
	if err := s.CreateFocusAreas(ctx, fas); err != nil {
		return fmt.Errorf("focus areas: %w", err)
	}

	venue := convene.Venue{
		Name: "Shangri-La Hotel, Pulau Pinang", Kind: "hotel", City: "George Town, Pulau Pinang",
		Address:  "Pulau Pinang, Malaysia",
		MapURL:   "https://www.openstreetmap.org/search?query=Shangri-La%20Hotel%20Penang",
		TimeZone: "Asia/Kuala_Lumpur", Region: "MY-07",
		Notes: "Delegation offices on the meeting floor; prayer rooms next to the Straits Room.",
		Rooms: []convene.Room{
			{Name: "Grand Ballroom", Seats: seats(convene.LayoutBanquet, 300, convene.LayoutTheatre, 500),
				Equipment: convene.RoomEquipment{Booths: 4, Screens: 2, Flags: true, Podium: true, Recording: true},
				Notes:     "Opening ceremony, gala dinner"},
			{Name: "Retreat Room", Seats: seats(convene.LayoutBoardroom, 30),
				Equipment: convene.RoomEquipment{Booths: 2, Screens: 1, Flags: true}, Notes: "Boardroom for the Ministers' retreat"},
			{Name: "Straits Room", Seats: seats(convene.LayoutHollowSquare, 60, convene.LayoutClassroom, 80, convene.LayoutTheatre, 120),
				Equipment: convene.RoomEquipment{Booths: 3, Screens: 2, Flags: true, Recording: true},
				Notes:     "Hollow square for the ADSOM Working Group"},
			{Name: "Bilateral Room 1", Seats: seats(convene.LayoutBoardroom, 10), Equipment: convene.RoomEquipment{Booths: 1, Flags: true},
				Notes: "Flags and interpretation booth on request"},
			{Name: "Bilateral Room 2", Seats: seats(convene.LayoutBoardroom, 8), Equipment: convene.RoomEquipment{Flags: true}},
			{Name: "Media Centre", Seats: seats(convene.LayoutClassroom, 80), Equipment: convene.RoomEquipment{Screens: 4, Recording: true}},
			{Name: "Delegation Office A", Seats: seats(convene.LayoutBoardroom, 12)},
		},
	}
	if err := s.CreateVenue(ctx, &venue); err != nil {
		return fmt.Errorf("venue: %w", err)
	}

	users := map[string]*convene.User{}
	staff := []convene.User{
		{Email: "admin@" + EmailDomain, Name: "Aisyah binti Kamal", Role: convene.RoleAdmin},
		{Email: "staff@" + EmailDomain, Name: "Lim Mei Ling", Role: convene.RoleOfficer},
		{Email: "organiser@" + EmailDomain, Name: "Rajesh a/l Muthu", Role: convene.RoleOrganiser},
	}
	for i := range staff {
		staff[i].PasswordHash = passwordHash
		if err := s.CreateUser(ctx, &staff[i]); err != nil {
			return fmt.Errorf("user %s: %w", staff[i].Email, err)
		}
	}
	for _, p := range participants {
		u := &convene.User{Email: focalEmail(p.ISO3), Name: p.focal, Role: convene.RoleFocal,
			CountryID: countryID[p.ISO3], PasswordHash: passwordHash}
		if err := s.CreateUser(ctx, u); err != nil {
			return fmt.Errorf("user %s: %w", u.Email, err)
		}
		users[p.ISO3] = u
	}

	all := fas
	mys := countryID["MYS"]
	meetings := []*convene.Meeting{
		{Code: "admm-retreat-2025", Title: "ADMM Retreat 2025", Kind: convene.KindADMMRetreat, HostCountryID: mys,
			City: "George Town, Pulau Pinang", VenueID: venue.ID, TimeZone: "Asia/Kuala_Lumpur",
			Theme: "Inclusivity and Sustainability", Chair: "Minister of Defence, Malaysia",
			Status: convene.StatusRegistrationOpen, DatePrecision: convene.PrecisionDay,
			StartDate: date(2025, 2, 26), EndDate: date(2025, 2, 26), Cluster: "penang-2025-02", FocusAreas: all},
		{Code: "adsom-wg-2025", Title: "ADSOM Working Group 2025", Kind: convene.KindADSOMWG, HostCountryID: mys,
			City: "George Town, Pulau Pinang", VenueID: venue.ID, TimeZone: "Asia/Kuala_Lumpur",
			Theme: "Inclusivity and Sustainability", Chair: "Malaysia",
			Status: convene.StatusRegistrationOpen, DatePrecision: convene.PrecisionDay,
			StartDate: date(2025, 2, 26), EndDate: date(2025, 2, 26), Cluster: "penang-2025-02", FocusAreas: all},
		{Code: "adsom-2025", Title: "ADSOM 2025", Kind: convene.KindADSOM, HostCountryID: mys,
			City: "", TimeZone: "Asia/Kuala_Lumpur", Theme: "Inclusivity and Sustainability",
			Status: convene.StatusProposed, DatePrecision: convene.PrecisionMonth,
			StartDate: date(2025, 9, 1), LengthDays: 2, FocusAreas: all},
		{Code: "admm-2025", Title: "ADMM 2025", Kind: convene.KindADMM, HostCountryID: mys,
			City: "", TimeZone: "Asia/Kuala_Lumpur", Theme: "Inclusivity and Sustainability",
			Chair:  "Minister of Defence, Malaysia",
			Status: convene.StatusProposed, DatePrecision: convene.PrecisionMonth,
			StartDate: date(2025, 11, 1), LengthDays: 2, FocusAreas: all},
	}
	quotas := map[string]int{"admm-retreat-2025": 4, "adsom-wg-2025": 6, "adsom-2025": 8, "admm-2025": 8}
	for _, m := range meetings {
		if err := s.CreateMeeting(ctx, m); err != nil {
			return fmt.Errorf("meeting %s: %w", m.Code, err)
		}
		for _, p := range participants {
			g := &convene.Delegation{MeetingID: m.ID, CountryID: countryID[p.ISO3], Quota: quotas[m.Code],
				FocalUserID: users[p.ISO3].ID, Status: convene.DelegationNotStarted}
			var people []person
			switch m.Code {
			case "admm-retreat-2025":
				people, g.Status = p.retreat, p.nominate
			case "adsom-wg-2025":
				people = p.working
				if len(people) > 0 {
					g.Status = convene.DelegationNominating
				}
			}
			if err := s.CreateDelegation(ctx, g); err != nil {
				return fmt.Errorf("delegation %s %s: %w", m.Code, p.ISO3, err)
			}
			for i, x := range people {
				d := &convene.Delegate{DelegationID: g.ID, Honorific: x.honorific, GivenName: x.given,
					FamilyName: x.family, FamilyNameFirst: x.familyFirst, Position: x.position, Role: x.role,
					Nationality: p.ISO3, Status: x.status, Dietary: x.dietary,
					Country: byISO3[p.ISO3]}
				if x.status == convene.RegWaitlisted {
					d.WaitlistPos = 1
				}
				if i == 0 {
					d.Email = fmt.Sprintf("hod.%s.%s@%s", strings.ToLower(p.ISO3), m.Code, EmailDomain)
				}
				if err := s.CreateDelegate(ctx, d); err != nil {
					return fmt.Errorf("delegate %s: %w", m.Code, err)
				}
			}
		}
	}

	// Meetings, programme and scheduling.
	if err := loadProgramme(ctx, s, meetings, &venue, countryID, passwordHash); err != nil {
		return fmt.Errorf("programme: %w", err)
	}
	if err := loadPoll(ctx, s, meetings[2], countryID); err != nil {
		return fmt.Errorf("poll: %w", err)
	}

	// Delegations, registration and accreditation.
	if err := loadRegistration(ctx, s, meetings, countryID); err != nil {
		return fmt.Errorf("registration: %w", err)
	}

	// Venue logistics.
	if err := loadLogistics(ctx, s, meetings[0], venue.ID); err != nil {
		return fmt.Errorf("logistics: %w", err)
	}

	// Print room and on-site: badge holders who are not delegates, and the
	// venue notes of the delegation books.
	if err := loadBadgeHolders(ctx, s, meetings[0]); err != nil {
		return fmt.Errorf("badge holders: %w", err)
	}

	// Bilateral meetings.
	if err := loadBilaterals(ctx, s, meetings[0], venue.Rooms); err != nil {
		return fmt.Errorf("bilaterals: %w", err)
	}

	// Meeting documents.
	if err := loadDocuments(ctx, s, meetings[0], countryID); err != nil {
		return fmt.Errorf("documents: %w", err)
	}
	if err := loadNoteVerbales(ctx, s, meetings[0], meetings[1]); err != nil {
		return fmt.Errorf("the delegations' notes verbales: %w", err)
	}

	return nil
}

func date(y, m, d int) convene.Date { return convene.Date{Year: y, Month: time.Month(m), Day: d} }

// seats builds a room's seats per layout from pairs of layout and seats.
func seats(pairs ...any) map[convene.RoomLayout]int {
	m := map[convene.RoomLayout]int{}
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i].(convene.RoomLayout)] = pairs[i+1].(int)
	}
	return m
}
