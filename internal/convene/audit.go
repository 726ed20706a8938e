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

// AuditFilter selects audit rows.
type AuditFilter struct {
	Entity   string
	EntityID int64
	UserID   int64
	Offset   int
	Limit    int
}
