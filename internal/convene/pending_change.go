package convene

import (
	"strconv"
	"strings"
	"time"
)

// Accreditation approves data (DESIGN.md rule 13): once a person is
// accredited, what the secretariat approved stays what every page, list,
// badge and export shows. A later change to an identity field, by anyone and
// by any path (the focal point's form, the personal link, a photo upload),
// waits as a pending change until the secretariat approves or declines it;
// every other field (contact, needs, flights) applies at once.

// ChangeStatus is where a pending change stands.
type ChangeStatus string

// Pending change statuses. A person has at most one pending change at a
// time: a new proposal supersedes the open one (it carries everything still
// proposed), and a change is withdrawn when its proposer takes every field
// back or the person is no longer accredited.
const (
	ChangePending    ChangeStatus = "pending"
	ChangeApproved   ChangeStatus = "approved"
	ChangeDeclined   ChangeStatus = "declined"
	ChangeSuperseded ChangeStatus = "superseded"
	ChangeWithdrawn  ChangeStatus = "withdrawn"
)

// Label is the status in plain words.
func (s ChangeStatus) Label() string {
	switch s {
	case ChangePending:
		return "Waiting for approval"
	case ChangeApproved:
		return "Approved"
	case ChangeDeclined:
		return "Declined"
	case ChangeSuperseded:
		return "Replaced by a later proposal"
	case ChangeWithdrawn:
		return "Withdrawn"
	}
	return string(s)
}

// ChangeVia says by which path a change was proposed.
type ChangeVia string

// The paths a change comes by.
const (
	ViaForm  ChangeVia = "form"  // the focal point's or the secretariat's form
	ViaLink  ChangeVia = "link"  // the person's own personal link
	ViaPhoto ChangeVia = "photo" // a photo upload on the person's page
)

// Label is the path in plain words.
func (v ChangeVia) Label() string {
	switch v {
	case ViaForm:
		return "registration form"
	case ViaLink:
		return "person's own personal link"
	case ViaPhoto:
		return "photo upload"
	}
	return string(v)
}

// FieldChange is one field of a pending change, before and after, as the
// store keeps them (dates as 2006-01-02, the name order as "true"/"false",
// the role by its code).
type FieldChange struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// PendingChange is a proposed change to an accredited person's identity
// fields, waiting for the secretariat.
type PendingChange struct {
	ID             int64
	DelegateID     int64
	Via            ChangeVia
	ProposedBy     int64  // the user; 0 for the person's own link
	ProposedByName string // filled on read
	ProposedAt     time.Time
	Fields         []FieldChange
	Photo          bool // a new photo waits in the photo store
	Status         ChangeStatus
	DecidedBy      int64
	DecidedByName  string // filled on read
	DecidedAt      time.Time
	Reason         string // why the secretariat declined
	ReprintBadgeID int64  // the badge an approval marked for reprint; 0 if none
	// Filled on read for lists.
	Delegate  Delegate
	MeetingID int64
}

// Empty reports whether the change proposes nothing.
func (c PendingChange) Empty() bool { return len(c.Fields) == 0 && !c.Photo }

// Same reports whether two changes propose the same thing, so that saving a
// form that shows the pending values again does not make a new proposal.
func (c PendingChange) Same(o PendingChange) bool {
	if c.Photo != o.Photo || len(c.Fields) != len(o.Fields) {
		return false
	}
	for i := range c.Fields {
		if c.Fields[i] != o.Fields[i] {
			return false
		}
	}
	return true
}

// FieldNames are the labels of the changed fields, in form order, with the
// photo last: "Family name, Passport number, Photo".
func (c PendingChange) FieldNames() string {
	var out []string
	for _, f := range c.Fields {
		out = append(out, FieldLabel(f.Field))
	}
	if c.Photo {
		out = append(out, FieldLabel(FieldPhoto))
	}
	return strings.Join(out, ", ")
}

// FieldPhoto names the photo among the identity fields.
const FieldPhoto = "photo"

// IdentityFields are the fields accreditation approves, in form order: the
// person's names as they print, their place in the delegation as the badge
// shows it (position and role), and their travel document. Position and
// gender are not named in issue 16's list; position is printed on the badge
// and gender is a passport fact, so both wait for approval too. The photo
// (FieldPhoto) is approved the same way but lives in the photo store.
var IdentityFields = []string{"honorific", "given_name", "family_name", "family_name_first", "badge_name",
	"position", "role", "gender", "nationality", "passport_type", "passport_name", "passport_number", "passport_expiry", "date_of_birth"}

// printedFields are the identity fields a badge prints (views/badge.templ:
// the honorific and name or badge name, position, role and delegation, and
// the photo); approving a change to one of them marks the badge for reprint.
// Nationality is not printed.
var printedFields = map[string]bool{"honorific": true, "given_name": true, "family_name": true,
	"family_name_first": true, "badge_name": true, "position": true, "role": true, FieldPhoto: true}

// NeedsReprint reports whether approving the change makes the printed badge
// wrong, so that the badge must be reprinted.
func (c PendingChange) NeedsReprint() bool {
	if c.Photo {
		return true
	}
	for _, f := range c.Fields {
		if printedFields[f.Field] {
			return true
		}
	}
	return false
}

// FieldLabel is a field's name as forms and the queue print it.
func FieldLabel(field string) string {
	switch field {
	case "honorific":
		return "Honorific or rank"
	case "given_name":
		return "Given name"
	case "family_name":
		return "Family name"
	case "family_name_first":
		return "Name order"
	case "badge_name":
		return "Name on the badge"
	case "position":
		return "Position"
	case "role":
		return "Role"
	case "gender":
		return "Gender"
	case "nationality":
		return "Nationality"
	case "passport_type":
		return "Passport type"
	case "passport_name":
		return "Name as in the passport"
	case "passport_number":
		return "Passport number"
	case "passport_expiry":
		return "Passport expiry"
	case "date_of_birth":
		return "Date of birth"
	case FieldPhoto:
		return "Photo"
	}
	return field
}

// FieldDisplay is a stored value as a person reads it: the role by its
// label, the name order in words, an empty value as "(empty)".
func FieldDisplay(field, v string) string {
	switch {
	case field == "role" && v != "":
		return DelegateRole(v).Label()
	case field == "family_name_first" && v == "true":
		return "Family name first"
	case field == "family_name_first":
		return "Given name first"
	case field == "passport_type" && v != "":
		return PassportType(v).Label()
	case v == "":
		return "(empty)"
	}
	return v
}

// identityValue is one identity field of r as the store keeps it.
func identityValue(r Registration, field string) string {
	switch field {
	case "honorific":
		return r.Honorific
	case "given_name":
		return r.GivenName
	case "family_name":
		return r.FamilyName
	case "family_name_first":
		return strconv.FormatBool(r.FamilyNameFirst)
	case "badge_name":
		return r.BadgeName
	case "position":
		return r.Position
	case "role":
		return string(r.Role)
	case "gender":
		return r.Gender
	case "nationality":
		return r.Nationality
	case "passport_type":
		return string(r.PassportType)
	case "passport_name":
		return r.PassportName
	case "passport_number":
		return r.PassportNumber
	case "passport_expiry":
		return r.PassportExpiry.String()
	case "date_of_birth":
		return r.DateOfBirth.String()
	}
	return ""
}

// setIdentityValue sets one identity field of r from its stored form; a
// value that does not parse (never written by Convene) is an error.
func setIdentityValue(r *Registration, field, v string) error {
	date := func(d *Date) error {
		if v == "" {
			*d = Date{}
			return nil
		}
		x, err := ParseDate(v)
		*d = x
		return err
	}
	switch field {
	case "honorific":
		r.Honorific = v
	case "given_name":
		r.GivenName = v
	case "family_name":
		r.FamilyName = v
	case "family_name_first":
		r.FamilyNameFirst = v == "true"
	case "badge_name":
		r.BadgeName = v
	case "position":
		r.Position = v
	case "role":
		r.Role = DelegateRole(v)
	case "gender":
		r.Gender = v
	case "nationality":
		r.Nationality = v
	case "passport_type":
		r.PassportType = PassportType(v)
	case "passport_name":
		r.PassportName = v
	case "passport_number":
		r.PassportNumber = v
	case "passport_expiry":
		return date(&r.PassportExpiry)
	case "date_of_birth":
		return date(&r.DateOfBirth)
	default:
		return Errorf(EINVALID, "%s is not a field a change can propose.", field)
	}
	return nil
}

// IdentityChanges lists the identity fields that differ between the
// approved registration and a proposed one, in form order.
func IdentityChanges(approved, proposed Registration) []FieldChange {
	var out []FieldChange
	for _, f := range IdentityFields {
		if b, a := identityValue(approved, f), identityValue(proposed, f); b != a {
			out = append(out, FieldChange{Field: f, Before: b, After: a})
		}
	}
	return out
}

// KeepIdentity puts the approved identity fields back into r, leaving the
// other fields (contact, needs, flights) as proposed: what an edit of an
// accredited person applies at once.
func KeepIdentity(r *Registration, approved Registration) {
	for _, f := range IdentityFields {
		_ = setIdentityValue(r, f, identityValue(approved, f)) // values read from a Registration always parse
	}
}

// ApplyChanges returns r with the proposed values of the change's fields:
// what the person will look like once the change is approved, and what a
// form shows while the change waits.
func ApplyChanges(r Registration, fields []FieldChange) (Registration, error) {
	for _, f := range fields {
		if err := setIdentityValue(&r, f.Field, f.After); err != nil {
			return r, err
		}
	}
	return r, nil
}

// Stale reports whether the approved record moved on since the change was
// proposed (a field's "before" no longer matches): approving it would undo
// a change nobody proposed, so the secretariat must decline it instead.
func (c PendingChange) Stale(approved Registration) bool {
	for _, f := range c.Fields {
		if identityValue(approved, f.Field) != f.Before {
			return true
		}
	}
	return false
}

// PendingChangeFilter selects pending changes of one meeting.
type PendingChangeFilter struct {
	MeetingID  int64
	DelegateID int64
	Statuses   []ChangeStatus // empty for every status
}
