package paths

// Meeting is a meeting's page.
func Meeting(code string) string { return meeting(code) }

// MeetingNew is the form that adds a meeting.
func MeetingNew() string { return join("meetings", "new") }

// MeetingEdit is the form that changes a meeting.
func MeetingEdit(code string) string { return meeting(code, "edit") }

// MeetingClone is the form that clones a meeting for another year.
func MeetingClone(code string) string { return meeting(code, "clone") }

// Planner is a meeting's date planner.
func Planner(code string) string { return meeting(code, "planner") }

// Programme is a meeting's programme, day by day.
func Programme(code string) string { return meeting(code, "programme") }

// ProgrammeGrid is a meeting's programme with the rooms as columns.
func ProgrammeGrid(code string) string { return query(Programme(code), "view", "grid") }

// ProgrammePublic is a meeting's programme as the public sees it, for the
// secretariat to print: public sessions of the published version, no
// internal notes.
func ProgrammePublic(code string) string { return query(Programme(code), "audience", "public") }

// ProgrammeAt is the programme scrolled to one session.
func ProgrammeAt(code string, sessionID int64) string {
	return Programme(code) + "#session-" + id(sessionID)
}

// ProgrammeICS is the programme's public calendar file.
func ProgrammeICS(code string) string { return meeting(code, "programme.ics") }

// ProgrammePublish publishes the programme's next version (POST).
func ProgrammePublish(code string) string { return meeting(code, "programme", "publish") }

// SessionNew is the form that adds a session.
func SessionNew(code string) string { return meeting(code, "programme", "new") }

// Session is the form that changes a session.
func Session(code string, sessionID int64) string { return meeting(code, "programme", id(sessionID)) }

// SessionDelete deletes a session (POST).
func SessionDelete(code string, sessionID int64) string {
	return meeting(code, "programme", id(sessionID), "delete")
}

// Clashes is a meeting's clash report.
func Clashes(code string) string { return meeting(code, "clashes") }

// MeetingEditParticipants is a meeting's edit page at its participants.
func MeetingEditParticipants(code string) string { return MeetingEdit(code) + "#participants" }

// MeetingNewKind is the form that adds a meeting with its kind chosen, so
// that the participants the kind expects come ticked (ADMM-Plus partners).
func MeetingNewKind(kind string) string { return query(MeetingNew(), "kind", kind) }
