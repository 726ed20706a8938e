package convene

// MeetingChoice is a meeting as a list to choose from names it (the audit
// log's meeting filter): by its id, code and title.
type MeetingChoice struct {
	ID          int64
	Code, Title string
}
