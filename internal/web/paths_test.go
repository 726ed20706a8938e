package web

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"convene/internal/convene"
	"convene/internal/paths"
)

// pathCase is one function of internal/paths called with sample values: the
// route it must reach, by name, and what the router must then see.
type pathCase struct {
	fn     string // the function's name in internal/paths
	path   string // what it returned
	route  string // the name of the route it must resolve to
	params string // the route's parameters as the router reads them: "code=x id=7"
	query  string // the raw query it must carry ("" for none)
	frag   string // the fragment it must carry ("" for none)
}

const (
	sampleCode  = "admm-2025"
	sampleToken = "tok-EN_1"
)

// pathCases calls every function of internal/paths. A function missing here
// fails TestPathsResolveToTheirRoutes, as does a case for a function that
// does not exist.
func pathCases() []pathCase {
	const m, tk = "code=" + sampleCode, "token=" + sampleToken
	return []pathCase{
		{fn: "Home", path: paths.Home(), route: "Home"},
		{fn: "HomePage", path: paths.HomePage(true, 3), route: "Home", query: "past=1&page=3"},
		{fn: "Healthz", path: paths.Healthz(), route: "Healthz"},
		{fn: "Static", path: paths.Static("css/app.css"), route: "Static", params: "*=css/app.css"},
		{fn: "SignIn", path: paths.SignIn(), route: "SignIn"},
		{fn: "SignInNext", path: paths.SignInNext("/meetings/a b"), route: "SignIn", query: "next=%2Fmeetings%2Fa+b"},
		{fn: "SignOut", path: paths.SignOut(), route: "SignOut"},
		{fn: "SignInCode", path: paths.SignInCode(), route: "SignInCode"},
		{fn: "SignInEnrol", path: paths.SignInEnrol(), route: "SignInEnrol"},
		{fn: "PasswordForgot", path: paths.PasswordForgot(), route: "PasswordForgot"},
		{fn: "PasswordReset", path: paths.PasswordReset(sampleToken), route: "PasswordReset", params: tk},
		{fn: "AccountTwoFactor", path: paths.AccountTwoFactor(), route: "AccountTwoFactor"},
		{fn: "AccountTwoFactorOff", path: paths.AccountTwoFactorOff(), route: "AccountTwoFactorOff"},
		{fn: "Account", path: paths.Account(), route: "Account"},
		{fn: "AccountPassword", path: paths.AccountPassword(), route: "AccountPassword"},
		{fn: "CalendarFeed", path: paths.CalendarFeed(), route: "CalendarFeed"},
		{fn: "CalendarFeedRevoke", path: paths.CalendarFeedRevoke(), route: "CalendarFeedRevoke"},
		{fn: "Feed", path: paths.Feed(sampleToken), route: "Feed", params: tk},
		{fn: "Audit", path: paths.Audit(), route: "Audit"},
		{fn: "AuditBefore", path: paths.AuditBefore(42), route: "Audit", query: "before=42"},
		{fn: "AuditFiltered", path: paths.AuditFiltered(sampleCode, "Lê", "accredit", "2025-02-01", "2025-02-28", 42), route: "Audit",
			query: "meeting=" + sampleCode + "&person=L%C3%AA&action=accredit&from=2025-02-01&to=2025-02-28&before=42"},
		{fn: "Users", path: paths.Users(), route: "Users"},
		{fn: "UserNew", path: paths.UserNew(), route: "UserNew"},
		{fn: "User", path: paths.User(7), route: "User", params: "id=7"},
		{fn: "Replication", path: paths.Replication(), route: "Replication"},
		{fn: "UserTwoFactorReset", path: paths.UserTwoFactorReset(7), route: "UserTwoFactorReset", params: "id=7"},
		{fn: "UserPasswordReset", path: paths.UserPasswordReset(7), route: "UserPasswordReset", params: "id=7"},
		{fn: "Holidays", path: paths.Holidays(), route: "Holidays"},
		{fn: "Calendar", path: paths.Calendar(), route: "Calendar"},
		{fn: "CalendarYear", path: paths.CalendarYear(2026), route: "Calendar", query: "year=2026"},
		{fn: "MyProgramme", path: paths.MyProgramme(), route: "MyProgramme"},
		{fn: "MyRegistration", path: paths.MyRegistration(), route: "MyRegistration"},
		{fn: "Register", path: paths.Register(sampleToken), route: "Register", params: tk},
		{fn: "Invitation", path: paths.Invitation(sampleToken), route: "Invitation", params: tk},

		// Meetings, programme and scheduling.
		{fn: "Meeting", path: paths.Meeting(sampleCode), route: "Meeting", params: m},
		{fn: "MeetingNew", path: paths.MeetingNew(), route: "MeetingNew"},
		{fn: "MeetingEdit", path: paths.MeetingEdit(sampleCode), route: "MeetingEdit", params: m},
		{fn: "MeetingClone", path: paths.MeetingClone(sampleCode), route: "MeetingClone", params: m},
		{fn: "MeetingEditParticipants", path: paths.MeetingEditParticipants(sampleCode), route: "MeetingEdit", params: m, frag: "participants"},
		{fn: "MeetingNewKind", path: paths.MeetingNewKind("admm_plus"), route: "MeetingNew", query: "kind=admm_plus"},
		{fn: "Planner", path: paths.Planner(sampleCode), route: "Planner", params: m},
		{fn: "Programme", path: paths.Programme(sampleCode), route: "Programme", params: m},
		{fn: "ProgrammeGrid", path: paths.ProgrammeGrid(sampleCode), route: "Programme", params: m, query: "view=grid"},
		{fn: "ProgrammePublic", path: paths.ProgrammePublic(sampleCode), route: "Programme", params: m, query: "audience=public"},
		{fn: "ProgrammeAt", path: paths.ProgrammeAt(sampleCode, 7), route: "Programme", params: m, frag: "session-7"},
		{fn: "ProgrammeICS", path: paths.ProgrammeICS(sampleCode), route: "ProgrammeICS", params: m},
		{fn: "ProgrammePublish", path: paths.ProgrammePublish(sampleCode), route: "ProgrammePublish", params: m},
		{fn: "SessionNew", path: paths.SessionNew(sampleCode), route: "SessionNew", params: m},
		{fn: "Session", path: paths.Session(sampleCode, 7), route: "Session", params: m + " id=7"},
		{fn: "SessionDelete", path: paths.SessionDelete(sampleCode, 7), route: "SessionDelete", params: m + " id=7"},
		{fn: "Clashes", path: paths.Clashes(sampleCode), route: "Clashes", params: m},

		// Scheduling the cycle: availability polls, holidays, chairs, next year's calendar.
		{fn: "PollNew", path: paths.PollNew(sampleCode), route: "PollNew", params: m},
		{fn: "Poll", path: paths.Poll(sampleCode), route: "Poll", params: m},
		{fn: "PollRemind", path: paths.PollRemind(sampleCode), route: "PollRemind", params: m},
		{fn: "PollConfirm", path: paths.PollConfirm(sampleCode), route: "PollConfirm", params: m},
		{fn: "PollAnswer", path: paths.PollAnswer(sampleCode, "VNM"), route: "PollAnswer", params: m + " country=vnm"},
		{fn: "HolidaysOf", path: paths.HolidaysOf(2026, "mys"), route: "Holidays", query: "year=2026&country=MYS"},
		{fn: "Holiday", path: paths.Holiday(7), route: "Holiday", params: "id=7"},
		{fn: "HolidayVerify", path: paths.HolidayVerify(7), route: "HolidayVerify", params: "id=7"},
		{fn: "HolidayDelete", path: paths.HolidayDelete(7), route: "HolidayDelete", params: "id=7"},
		{fn: "Chairs", path: paths.Chairs(), route: "Chairs"},
		{fn: "Chair", path: paths.Chair(2028), route: "Chair", params: "year=2028"},
		{fn: "Cochairs", path: paths.Cochairs(), route: "Cochairs"},
		{fn: "CalendarYears", path: paths.CalendarYears(2025, 2), route: "Calendar", query: "from=2025&years=2"},
		{fn: "CalendarGenerate", path: paths.CalendarGenerate(2025), route: "CalendarGenerate", query: "from=2025"},
		{fn: "CalendarGenerateForm", path: paths.CalendarGenerateForm(), route: "CalendarGenerate"},
		{fn: "MeetingNewIn", path: paths.MeetingNewIn("adsom", "2026-09"), route: "MeetingNew", query: "kind=adsom&month=2026-09"},

		// Delegations, registration and accreditation.
		// Meeting documents (issue 18).
		{fn: "Documents", path: paths.Documents(sampleCode), route: "Documents", params: m},
		{fn: "DocumentNew", path: paths.DocumentNew(sampleCode), route: "DocumentNew", params: m},
		{fn: "DocumentSettings", path: paths.DocumentSettings(sampleCode), route: "DocumentSettings", params: m},
		{fn: "Document", path: paths.Document(sampleCode, 7), route: "Document", params: m + " id=7"},
		{fn: "DocumentVersionNew", path: paths.DocumentVersionNew(sampleCode, 7), route: "DocumentVersionNew", params: m + " id=7"},
		{fn: "DocumentFile", path: paths.DocumentFile(sampleCode, 7, 2), route: "DocumentFile", params: m + " id=7 number=2"},
		{fn: "DocumentDelete", path: paths.DocumentDelete(sampleCode, 7), route: "DocumentDelete", params: m + " id=7"},
		{fn: "DocumentVersionDelete", path: paths.DocumentVersionDelete(sampleCode, 7, 2), route: "DocumentVersionDelete", params: m + " id=7 number=2"},
		{fn: "NoteVerbale", path: paths.NoteVerbale(sampleCode, "IDN"), route: "NoteVerbale", params: m + " country=idn"},
		{fn: "NoteVerbalePDF", path: paths.NoteVerbalePDF(sampleCode, "IDN"), route: "NoteVerbalePDF", params: m + " country=idn"},

		{fn: "Delegations", path: paths.Delegations(sampleCode), route: "Delegations", params: m},
		{fn: "Delegation", path: paths.Delegation(sampleCode, "IDN"), route: "Delegation", params: m + " country=idn"},
		{fn: "DelegateNew", path: paths.DelegateNew(sampleCode, "IDN"), route: "DelegateNew", params: m + " country=idn"},
		{fn: "CarryOver", path: paths.CarryOver(sampleCode, "IDN"), route: "CarryOver", params: m + " country=idn"},
		{fn: "DelegationLinks", path: paths.DelegationLinks(sampleCode, "IDN"), route: "DelegationLinks", params: m + " country=idn"},
		{fn: "DelegationSubmit", path: paths.DelegationSubmit(sampleCode, "IDN"), route: "DelegationSubmit", params: m + " country=idn"},
		{fn: "ImportTemplate", path: paths.ImportTemplate(sampleCode, "IDN"), route: "ImportTemplate", params: m + " country=idn"},
		{fn: "Import", path: paths.Import(sampleCode, "IDN"), route: "Import", params: m + " country=idn"},
		{fn: "Invite", path: paths.Invite(sampleCode, "IDN"), route: "Invite", params: m + " country=idn"},
		{fn: "DelegationNew", path: paths.DelegationNew(sampleCode), route: "DelegationNew", params: m},
		{fn: "DelegationDelete", path: paths.DelegationDelete(sampleCode, "IDN"), route: "DelegationDelete", params: m + " country=idn"},
		{fn: "DelegationQuota", path: paths.DelegationQuota(sampleCode, "IDN"), route: "DelegationQuota", params: m + " country=idn"},
		{fn: "DelegationFocal", path: paths.DelegationFocal(sampleCode, "IDN"), route: "DelegationFocal", params: m + " country=idn"},
		{fn: "DelegationFocalPoint", path: paths.DelegationFocalPoint(sampleCode, "IDN"), route: "Delegation", params: m + " country=idn", frag: "focal-point"},
		{fn: "Quotas", path: paths.Quotas(sampleCode), route: "Quotas", params: m},
		{fn: "DelegationsQuotas", path: paths.DelegationsQuotas(sampleCode), route: "Delegations", params: m, frag: "quotas"},
		{fn: "Delegates", path: paths.Delegates(sampleCode), route: "Delegates", params: m},
		{fn: "MeetingLinks", path: paths.MeetingLinks(sampleCode), route: "MeetingLinks", params: m},
		{fn: "DelegatesList", path: paths.DelegatesList(sampleCode, paths.DelegatesFilter{Query: "Nguyễn", Status: "submitted",
			Country: "VNM", Page: 2}), route: "Delegates", params: m,
			query: "country=VNM&page=2&q=Nguy%E1%BB%85n&status=submitted"},
		{fn: "DelegatesCSV", path: paths.DelegatesCSV(sampleCode), route: "DelegatesCSV", params: m},
		{fn: "DelegatesXLSX", path: paths.DelegatesXLSX(sampleCode), route: "DelegatesXLSX", params: m},
		{fn: "Person", path: paths.Person(sampleCode, 7), route: "Person", params: m + " id=7"},
		{fn: "VisaRules", path: paths.VisaRules(sampleCode), route: "VisaRules", params: m},
		{fn: "Letters", path: paths.Letters(sampleCode), route: "Letters", params: m},
		{fn: "LetterTemplate", path: paths.LetterTemplate(sampleCode, "visa"), route: "LetterTemplate", params: m + " kind=visa"},
		{fn: "LetterPreview", path: paths.LetterPreview(sampleCode, "invitation"), route: "LetterPreview", params: m + " kind=invitation"},
		{fn: "LetterPreviewFor", path: paths.LetterPreviewFor(sampleCode, "visa", 7), route: "LetterPreview", params: m + " kind=visa", query: "delegate=7"},
		{fn: "Letter", path: paths.Letter(sampleCode, 7), route: "Letter", params: m + " id=7"},
		{fn: "DelegateLetters", path: paths.DelegateLetters(sampleCode, 7), route: "DelegateLetters", params: m + " id=7"},
		{fn: "InvitationLetter", path: paths.InvitationLetter(sampleCode, "IDN"), route: "InvitationLetter", params: m + " country=idn"},
		{fn: "PreNotificationXLSX", path: paths.PreNotificationXLSX(sampleCode), route: "PreNotificationXLSX", params: m},
		{fn: "DelegateEdit", path: paths.DelegateEdit(sampleCode, 7), route: "DelegateEdit", params: m + " id=7"},
		{fn: "DelegateWithdraw", path: paths.DelegateWithdraw(sampleCode, 7), route: "DelegateWithdraw", params: m + " id=7"},
		{fn: "DelegateLink", path: paths.DelegateLink(sampleCode, 7), route: "DelegateLink", params: m + " id=7"},
		{fn: "DelegatePhoto", path: paths.DelegatePhoto(sampleCode, 7), route: "DelegatePhoto", params: m + " id=7"},
		{fn: "DelegateDecision", path: paths.DelegateDecision(sampleCode, 7), route: "DelegateDecision", params: m + " id=7"},
		{fn: "Accreditation", path: paths.Accreditation(sampleCode), route: "Accreditation", params: m},
		{fn: "PendingChanges", path: paths.PendingChanges(sampleCode), route: "PendingChanges", params: m},
		{fn: "PendingChange", path: paths.PendingChange(sampleCode, 12), route: "PendingChange", params: m + " id=12"},
		{fn: "PendingChangePhoto", path: paths.PendingChangePhoto(sampleCode, 12), route: "PendingChangePhoto", params: m + " id=12"},
		{fn: "RegistrationSettings", path: paths.RegistrationSettings(sampleCode), route: "RegistrationSettings", params: m},
		{fn: "Outbox", path: paths.Outbox(sampleCode), route: "Outbox", params: m},

		// Venue logistics.
		{fn: "Logistics", path: paths.Logistics(sampleCode), route: "Logistics", params: m},
		{fn: "Hotels", path: paths.Hotels(sampleCode), route: "Hotels", params: m},
		{fn: "HotelBlocks", path: paths.HotelBlocks(sampleCode), route: "HotelBlocks", params: m},
		{fn: "HotelAssign", path: paths.HotelAssign(sampleCode), route: "HotelAssign", params: m},
		{fn: "HotelPropose", path: paths.HotelPropose(sampleCode), route: "HotelPropose", params: m},
		{fn: "StayRemove", path: paths.StayRemove(sampleCode, 7), route: "StayRemove", params: m + " delegate=7"},
		{fn: "Rooming", path: paths.Rooming(sampleCode, 7), route: "Rooming", params: m + " hotel=7"},
		{fn: "RoomingCSV", path: paths.RoomingCSV(sampleCode, 7), route: "RoomingCSV", params: m + " hotel=7"},
		{fn: "RoomingXLSX", path: paths.RoomingXLSX(sampleCode, 7), route: "RoomingXLSX", params: m + " hotel=7"},
		{fn: "Liaison", path: paths.Liaison(sampleCode), route: "Liaison", params: m},
		{fn: "LiaisonAssign", path: paths.LiaisonAssign(sampleCode, 7), route: "LiaisonAssign", params: m + " id=7"},
		{fn: "Arrivals", path: paths.Arrivals(sampleCode), route: "Arrivals", params: m},
		{fn: "HotelNew", path: paths.HotelNew(sampleCode), route: "HotelNew", params: m},
		{fn: "RoomHolds", path: paths.RoomHolds(sampleCode), route: "RoomHolds", params: m},
		{fn: "RoomHold", path: paths.RoomHold(sampleCode, 7), route: "RoomHold", params: m + " id=7"},
		{fn: "RoomHoldDelete", path: paths.RoomHoldDelete(sampleCode, 7), route: "RoomHoldDelete", params: m + " id=7"},
		{fn: "Venues", path: paths.Venues(), route: "Venues"},
		{fn: "VenueNew", path: paths.VenueNew(), route: "VenueNew"},
		{fn: "Venue", path: paths.Venue(7), route: "Venue", params: "venue=7"},
		{fn: "VenueEdit", path: paths.VenueEdit(7), route: "VenueEdit", params: "venue=7"},
		{fn: "VenueDelete", path: paths.VenueDelete(7), route: "VenueDelete", params: "venue=7"},
		{fn: "RoomNew", path: paths.RoomNew(7), route: "RoomNew", params: "venue=7"},
		{fn: "Room", path: paths.Room(7, 8), route: "Room", params: "venue=7 id=8"},
		{fn: "RoomDelete", path: paths.RoomDelete(7, 8), route: "RoomDelete", params: "venue=7 id=8"},
		{fn: "Airports", path: paths.Airports(), route: "Airports"},
		{fn: "Airport", path: paths.Airport("PEN"), route: "Airport", params: "iata=PEN"},
		{fn: "Transfers", path: paths.Transfers(sampleCode), route: "Transfers", params: m},
		{fn: "TransfersPropose", path: paths.TransfersPropose(sampleCode), route: "TransfersPropose", params: m},
		{fn: "TransferMove", path: paths.TransferMove(sampleCode), route: "TransferMove", params: m},
		{fn: "Transfer", path: paths.Transfer(sampleCode, 7), route: "Transfer", params: m + " id=7"},
		{fn: "TransferManifest", path: paths.TransferManifest(sampleCode, 7), route: "TransferManifest", params: m + " id=7"},
		{fn: "Travel", path: paths.Travel(sampleCode, 7), route: "Travel", params: m + " delegate=7"},
		{fn: "Catering", path: paths.Catering(sampleCode), route: "Catering", params: m},

		// Print room and on-site.
		{fn: "PrintRoom", path: paths.PrintRoom(sampleCode), route: "PrintRoom", params: m},
		{fn: "Badges", path: paths.Badges(sampleCode), route: "Badges", params: m},
		{fn: "BadgePrint", path: paths.BadgePrint(sampleCode), route: "BadgePrint", params: m},
		{fn: "BadgeCollect", path: paths.BadgeCollect(sampleCode), route: "BadgeCollect", params: m},
		{fn: "BadgeSheet", path: paths.BadgeSheet(sampleCode), route: "BadgeSheet", params: m},
		{fn: "BadgeSheetOfDelegate", path: paths.BadgeSheetOfDelegate(sampleCode, 7), route: "BadgeSheet", params: m, query: "delegate=7"},
		{fn: "BadgeSheetOfDelegation", path: paths.BadgeSheetOfDelegation(sampleCode, "IDN"), route: "BadgeSheet", params: m, query: "delegation=IDN"},
		{fn: "BadgeSheetPDF", path: paths.BadgeSheetPDF(sampleCode), route: "BadgeSheetPDF", params: m},
		{fn: "BadgeReprint", path: paths.BadgeReprint(sampleCode, 7), route: "BadgeReprint", params: m + " id=7"},
		{fn: "BadgeRevoke", path: paths.BadgeRevoke(sampleCode, 7), route: "BadgeRevoke", params: m + " id=7"},
		{fn: "CheckIn", path: paths.CheckIn(sampleCode), route: "CheckIn", params: m},
		{fn: "CheckInAt", path: paths.CheckInAt(sampleCode, 7), route: "CheckIn", params: m, query: "session=7"},
		{fn: "CheckInAnswer", path: paths.CheckInAnswer(sampleCode, 7, 9), route: "CheckIn", params: m, query: "session=7&answer=9"},
		{fn: "CheckInList", path: paths.CheckInList(sampleCode), route: "CheckInList", params: m},
		{fn: "CheckInSync", path: paths.CheckInSync(sampleCode), route: "CheckInSync", params: m},
		{fn: "CheckInWorker", path: paths.CheckInWorker(), route: "CheckInWorker"},
		{fn: "ProgrammeBook", path: paths.ProgrammeBook(sampleCode), route: "ProgrammeBook", params: m},
		{fn: "ProgrammeBookOfDelegation", path: paths.ProgrammeBookOfDelegation(sampleCode, "IDN"), route: "ProgrammeBook", params: m, query: "delegation=IDN"},
		{fn: "ProgrammeBookPDF", path: paths.ProgrammeBookPDF(sampleCode), route: "ProgrammeBookPDF", params: m},
		{fn: "Seating", path: paths.Seating(sampleCode, convene.SeatAlternating), route: "Seating", params: m, query: "mode=alternating"},
		{fn: "SeatingPDF", path: paths.SeatingPDF(sampleCode), route: "SeatingPDF", params: m},
		{fn: "SeatingSettings", path: paths.SeatingSettings(sampleCode), route: "SeatingSettings", params: m},
		{fn: "BadgeHolders", path: paths.BadgeHolders(sampleCode), route: "BadgeHolders", params: m},
		{fn: "BadgeHolderPrint", path: paths.BadgeHolderPrint(sampleCode), route: "BadgeHolderPrint", params: m},
		{fn: "BadgeZones", path: paths.BadgeZones(sampleCode), route: "BadgeZones", params: m},
		{fn: "HolderBadgeRevoke", path: paths.HolderBadgeRevoke(sampleCode, 7), route: "HolderBadgeRevoke", params: m + " id=7"},
		{fn: "BadgeSheetOfHolders", path: paths.BadgeSheetOfHolders(sampleCode), route: "BadgeSheet", params: m, query: "holders=only"},
		{fn: "HolderCheckInAnswer", path: paths.HolderCheckInAnswer(sampleCode, 7, 9), route: "CheckIn", params: m, query: "session=7&holder=9"},
		{fn: "VenueNotes", path: paths.VenueNotes(sampleCode), route: "VenueNotes", params: m},
		{fn: "NamePlates", path: paths.NamePlates(sampleCode, true), route: "NamePlates", params: m, query: "kind=heads"},
		{fn: "NamePlatesPDF", path: paths.NamePlatesPDF(sampleCode), route: "NamePlatesPDF", params: m},
		{fn: "Participants", path: paths.Participants(sampleCode, true), route: "Participants", params: m, query: "final=1"},
		{fn: "ParticipantsPDF", path: paths.ParticipantsPDF(sampleCode, true), route: "ParticipantsPDF", params: m, query: "final=1"},
		{fn: "ParticipantsCSV", path: paths.ParticipantsCSV(sampleCode, false), route: "ParticipantsCSV", params: m},

		// Bilateral meetings.
		{fn: "Bilaterals", path: paths.Bilaterals(sampleCode), route: "Bilaterals", params: m},
		{fn: "BilateralBoard", path: paths.BilateralBoard(sampleCode), route: "BilateralBoard", params: m},
		{fn: "BilateralNew", path: paths.BilateralNew(sampleCode), route: "BilateralNew", params: m},
		{fn: "Bilateral", path: paths.Bilateral(sampleCode, 7), route: "Bilateral", params: m + " id=7"},
		{fn: "BilateralRespond", path: paths.BilateralRespond(sampleCode, 7), route: "BilateralRespond", params: m + " id=7"},
		{fn: "BilateralSchedule", path: paths.BilateralSchedule(sampleCode, 7), route: "BilateralSchedule", params: m + " id=7"},
	}
}

// pathHelpers are exported functions of internal/paths that build no path
// of their own.
var pathHelpers = map[string]bool{"WithQuery": true}

// TestPathsResolveToTheirRoutes holds every path function and its route
// together (DESIGN.md rule 14): each function's path, resolved by the real
// echo router for every method its route has, reaches the route of the same
// name with the parameters, query and fragment expected; every route has
// its function; every function is called here. The control shows the check
// refuses a path that reaches another route.
func TestPathsResolveToTheirRoutes(t *testing.T) {
	srv, err := New(Config{Secret: []byte(strings.Repeat("s", 32))}, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	cases := pathCases()
	byFn := map[string]bool{}
	for _, pc := range cases {
		if byFn[pc.fn] {
			t.Errorf("%s is called twice in pathCases", pc.fn)
		}
		byFn[pc.fn] = true
		if err := checkPath(srv, pc); err != nil {
			t.Errorf("paths.%s: %v", pc.fn, err)
		}
	}

	funcs := pathFunctions(t)
	for fn := range funcs {
		if !byFn[fn] && !pathHelpers[fn] {
			t.Errorf("paths.%s is not called in pathCases: add a case", fn)
		}
	}
	for fn := range byFn {
		if !funcs[fn] {
			t.Errorf("pathCases calls paths.%s, which does not exist", fn)
		}
	}
	for _, r := range srv.Routes() {
		if r.Name == "" {
			t.Errorf("route %s %s has no name", r.Method, r.Path)
		} else if !funcs[r.Name] {
			t.Errorf("route %s %s is named %s, but internal/paths has no function %s", r.Method, r.Path, r.Name, r.Name)
		}
	}

	// Controls: a path that reaches another route, and parameters that differ.
	wrong := pathCase{fn: "control", path: paths.DelegationSubmit(sampleCode, "IDN"), route: "CarryOver",
		params: "code=" + sampleCode + " country=idn"}
	if checkPath(srv, wrong) == nil {
		t.Error("control: a path of DelegationSubmit passed as CarryOver's")
	}
	wrong = pathCase{fn: "control", path: paths.Person(sampleCode, 8), route: "Person", params: "code=" + sampleCode + " id=7"}
	if checkPath(srv, wrong) == nil {
		t.Error("control: a path with id 8 passed for id 7")
	}
	fmt.Printf("paths: %d path functions resolved to %d named routes\n", len(cases), len(srv.Routes()))
}

// checkPath resolves pc.path through the server's router for every method
// of the route named pc.route and compares what the router sees.
func checkPath(srv *Server, pc pathCase) error {
	methods := 0
	for _, r := range srv.Routes() {
		if r.Name != pc.route {
			continue
		}
		methods++
		u, err := url.Parse(pc.path)
		if err != nil {
			return err
		}
		req := httptest.NewRequest(r.Method, u.RequestURI(), nil)
		c := srv.echo.NewContext(req, httptest.NewRecorder())
		srv.echo.Router().Find(r.Method, req.URL.Path, c)
		var got *RouteInfo
		for _, x := range srv.Routes() {
			if x.Method == r.Method && x.Path == c.Path() {
				got = &x
			}
		}
		if got == nil {
			return fmt.Errorf("%s %s reaches no route", r.Method, pc.path)
		}
		if got.Name != pc.route {
			return fmt.Errorf("%s %s reaches route %s (%s), want %s", r.Method, pc.path, got.Name, got.Path, pc.route)
		}
		var params []string
		for i, n := range c.ParamNames() {
			params = append(params, n+"="+c.ParamValues()[i])
		}
		if p := strings.Join(params, " "); p != pc.params {
			return fmt.Errorf("%s %s: parameters %q, want %q", r.Method, pc.path, p, pc.params)
		}
		if u.RawQuery != pc.query || u.Fragment != pc.frag {
			return fmt.Errorf("%s %s: query %q fragment %q, want %q and %q", r.Method, pc.path,
				u.RawQuery, u.Fragment, pc.query, pc.frag)
		}
	}
	if methods == 0 {
		return fmt.Errorf("no route is named %s", pc.route)
	}
	return nil
}

// pathFunctions lists the exported functions of internal/paths.
func pathFunctions(t *testing.T) map[string]bool {
	t.Helper()
	files, err := filepath.Glob("../paths/*.go")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.IsExported() {
				out[fd.Name.Name] = true
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("found no functions in internal/paths")
	}
	return out
}
