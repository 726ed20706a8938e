package convene

import "time"

// AuditEntry is one row of the audit log: who changed what, when, from where.
// The store writes one in the same transaction as every change to domain data.
type AuditEntry struct {
	ID         int64
	At         time.Time
	UserID     int64
	UserName   string // filled on read
	Action     string // e.g. "create", "update", "delete", "sign_in"
	Entity     string // e.g. "meeting", "delegate", "user"
	EntityID   int64
	Summary    string // what changed, with personal data masked
	ClientAddr string
	// RecordName names the record for people ("Trần Quốc Bình", a
	// meeting's title), filled on read; empty for kinds without a name and
	// for records deleted since. RecordMeeting and RecordCountry are the
	// meeting code and country code of the record's page, when it has one.
	RecordName    string
	RecordMeeting string
	RecordCountry string
}

// AuditQuery selects a page of the audit log as the secretariat filters
// it (issue 23): rows older than Before (0: the newest), about a meeting's
// records, by or about a person, with one action, between two instants.
// Empty fields do not filter.
type AuditQuery struct {
	Before    int64
	Limit     int
	MeetingID int64
	Person    string    // matched against who acted and the record's name, as typed
	Action    string    // an action code, e.g. "accredit"
	From, To  time.Time // From inclusive, To exclusive; zero: open
}

// AuditFilter selects audit rows.
type AuditFilter struct {
	Entity   string
	EntityID int64
	UserID   int64
	Offset   int
	Limit    int
}
