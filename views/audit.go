package views

// AuditRow is one audit entry as people read it (issue 23): the time in
// the named zone, who, a sentence of what they did to which record (by
// name, linked when the reader may open it), and the fields changed in
// words. The web layer builds it from a convene.AuditEntry with the
// domain's audit wording.
type AuditRow struct {
	When       string // "25 Feb 2025 08:40 MYT"
	Who        string // the user's name; empty for the system or a personal link
	Did        string // the action as a verb: "accredited", "registered through a personal link:"
	Record     string // the record's name or, without one, its kind: "Trần Quốc Bình", "a flight"
	RecordHref string // its page, or empty
	Changes    []string
	From       string // the client address
}
