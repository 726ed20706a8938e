package paths

import "convene/internal/convene"

// PrintRoom is a meeting's print room: every printable document.
func PrintRoom(code string) string { return meeting(code, "print") }

// Badges is a meeting's badges: print, reprint, revoke, collection.
func Badges(code string) string { return meeting(code, "badges") }

// BadgePrint issues badges (POST).
func BadgePrint(code string) string { return meeting(code, "badges", "print") }

// BadgeCollect records a delegation's badges as collected (POST).
func BadgeCollect(code string) string { return meeting(code, "badges", "collect") }

// BadgeSheet is the sheet of every valid badge.
func BadgeSheet(code string) string { return meeting(code, "badges", "sheet") }

// BadgeSheetOfDelegate is the sheet of one delegate's badge.
func BadgeSheetOfDelegate(code string, delegateID int64) string {
	return query(BadgeSheet(code), "delegate", id(delegateID))
}

// BadgeSheetOfDelegation is the sheet of one delegation's badges.
func BadgeSheetOfDelegation(code, iso3 string) string {
	return query(BadgeSheet(code), "delegation", iso3)
}

// BadgeSheetPDF is the badge sheet as a PDF.
func BadgeSheetPDF(code string) string { return meeting(code, "badges", "sheet.pdf") }

// BadgeReprint issues a new version of a delegate's badge (POST).
func BadgeReprint(code string, delegateID int64) string {
	return meeting(code, "badges", id(delegateID), "reprint")
}

// BadgeRevoke revokes a badge (POST).
func BadgeRevoke(code string, badgeID int64) string {
	return meeting(code, "badges", id(badgeID), "revoke")
}

// CheckIn is the check-in desk of the meeting (arrival at the venue).
func CheckIn(code string) string { return meeting(code, "check-in") }

// CheckInAt is the check-in desk of one session; 0 is the meeting's desk.
func CheckInAt(code string, sessionID int64) string {
	if sessionID == 0 {
		return CheckIn(code)
	}
	return query(CheckIn(code), "session", id(sessionID))
}

// CheckInAnswer is a desk (of a session, or 0 for the meeting's) showing
// the answer to one check-in: the person's photo, name, delegation and what
// their badge admits.
func CheckInAnswer(code string, sessionID, checkInID int64) string {
	if sessionID == 0 {
		return query(CheckIn(code), "answer", id(checkInID))
	}
	return query(CheckIn(code), "session", id(sessionID), "answer", id(checkInID))
}

// CheckInList is the desk's offline list of the meeting's badges (JSON):
// what the desk needs to decide while the network is down.
func CheckInList(code string) string { return meeting(code, "check-in", "list") }

// CheckInSync receives the check-ins a desk queued (POST, JSON).
func CheckInSync(code string) string { return meeting(code, "check-in", "sync") }

// CheckInWorker is the desk's service worker script. It is served from the
// root so that it may control any meeting's desk (a worker's scope cannot
// reach above the folder of its script).
func CheckInWorker() string { return "/check-in-worker.js" }

// ProgrammeBook is the printable programme book.
func ProgrammeBook(code string) string { return meeting(code, "programme-book") }

// ProgrammeBookOfDelegation is one delegation's programme book: the
// programme with that delegation's bilaterals.
func ProgrammeBookOfDelegation(code, iso3 string) string {
	return query(ProgrammeBook(code), "delegation", iso3)
}

// ProgrammeBookPDF is the programme book as a PDF.
func ProgrammeBookPDF(code string) string { return meeting(code, "programme-book.pdf") }

// Seating is the seating plan, round the table or alternating sides.
func Seating(code string, mode convene.SeatingMode) string {
	if mode == convene.SeatAlternating {
		return query(meeting(code, "seating"), "mode", string(mode))
	}
	return meeting(code, "seating")
}

// SeatingPDF is the seating plan as a PDF.
func SeatingPDF(code string) string { return meeting(code, "seating.pdf") }

// NamePlates is the country name plates, or with heads the place cards of
// the heads of delegation.
func NamePlates(code string, heads bool) string {
	if heads {
		return query(meeting(code, "name-plates"), "kind", "heads")
	}
	return meeting(code, "name-plates")
}

// NamePlatesPDF is the name plates as a PDF.
func NamePlatesPDF(code string) string { return meeting(code, "name-plates.pdf") }

// Participants is the list of participants: provisional, or final.
func Participants(code string, final bool) string {
	return finalList(meeting(code, "participants"), final)
}

// ParticipantsPDF is the list of participants as a PDF.
func ParticipantsPDF(code string, final bool) string {
	return finalList(meeting(code, "participants.pdf"), final)
}

// ParticipantsCSV is the list of participants as CSV.
func ParticipantsCSV(code string, final bool) string {
	return finalList(meeting(code, "participants.csv"), final)
}

func finalList(p string, final bool) string {
	if final {
		return query(p, "final", "1")
	}
	return p
}
