package paths

// Bilaterals is a meeting's bilateral meetings.
func Bilaterals(code string) string { return meeting(code, "bilaterals") }

// BilateralBoard is the printable board of bilaterals.
func BilateralBoard(code string) string { return meeting(code, "bilaterals", "board") }

// BilateralNew is the form that requests a bilateral.
func BilateralNew(code string) string { return meeting(code, "bilaterals", "new") }

// Bilateral is one bilateral request.
func Bilateral(code string, bilateralID int64) string {
	return meeting(code, "bilaterals", id(bilateralID))
}

// BilateralRespond answers a bilateral request (POST).
func BilateralRespond(code string, bilateralID int64) string {
	return meeting(code, "bilaterals", id(bilateralID), "respond")
}

// BilateralSchedule places a bilateral in a room and time (POST).
func BilateralSchedule(code string, bilateralID int64) string {
	return meeting(code, "bilaterals", id(bilateralID), "schedule")
}
