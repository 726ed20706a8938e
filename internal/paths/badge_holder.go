package paths

// BadgeHolders is a meeting's badge holders who are not delegates (staff,
// liaison officers, drivers, media, security); POST registers one.
func BadgeHolders(code string) string { return meeting(code, "badge-holders") }

// BadgeHolderPrint prints the badges of every badge holder without one
// (POST).
func BadgeHolderPrint(code string) string { return meeting(code, "badge-holders", "print") }

// BadgeZones sets the zones a badge category opens at a meeting (POST).
func BadgeZones(code string) string { return meeting(code, "badge-holders", "zones") }

// HolderBadgeRevoke revokes a badge holder's badge (GET asks, POST does).
func HolderBadgeRevoke(code string, badgeID int64) string {
	return meeting(code, "badge-holders", "badges", id(badgeID), "revoke")
}

// BadgeSheetOfHolders is the sheet of the badge holders' valid badges only.
func BadgeSheetOfHolders(code string) string { return query(BadgeSheet(code), "holders", "only") }

// HolderCheckInAnswer is the desk showing the answer to a badge holder's
// check-in; sessionID 0 is the meeting's desk.
func HolderCheckInAnswer(code string, sessionID, checkInID int64) string {
	if sessionID == 0 {
		return query(CheckIn(code), "holder", id(checkInID))
	}
	return query(CheckIn(code), "session", id(sessionID), "holder", id(checkInID))
}

// VenueNotes are a meeting's venue notes for the delegation books (GET
// shows the form, POST saves).
func VenueNotes(code string) string { return meeting(code, "venue-notes") }

// SeatingSettings is where a meeting seats observers and partners on its
// seating plan (GET shows the form, POST saves).
func SeatingSettings(code string) string { return meeting(code, "seating", "settings") }
