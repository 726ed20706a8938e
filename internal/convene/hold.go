package convene

import (
	"strings"
	"time"
	"unicode/utf8"
)

// HoldKind says why the secretariat keeps a room for a meeting outside the
// programme.
type HoldKind string

// The kinds of room hold.
const (
	HoldSetup             HoldKind = "setup"
	HoldDelegationOffice  HoldKind = "delegation_office"
	HoldMediaCentre       HoldKind = "media_centre"
	HoldSecretariatOffice HoldKind = "secretariat_office"
)

// HoldKinds lists the kinds in form order.
var HoldKinds = []HoldKind{HoldSetup, HoldDelegationOffice, HoldMediaCentre, HoldSecretariatOffice}

// Label is the kind in plain words.
func (k HoldKind) Label() string {
	switch k {
	case HoldSetup:
		return "Set-up / teardown"
	case HoldDelegationOffice:
		return "Delegation office"
	case HoldMediaCentre:
		return "Media centre"
	case HoldSecretariatOffice:
		return "Secretariat office"
	}
	return string(k)
}

// RoomHold is a room of the meeting's venue kept from start to end for
// something that is not a programme session: setting up or clearing a
// room, a delegation's office, the media centre, the secretariat's office.
// A hold books its room like a session does (the clash rules see it as a
// Booking) but takes nobody's time. Instants are UTC; forms show them in
// the venue's zone.
type RoomHold struct {
	ID           int64
	MeetingID    int64
	RoomID       int64
	Kind         HoldKind
	StartsAt     time.Time
	EndsAt       time.Time
	Label        string
	DelegationID int64 // the delegation whose office it is; 0 for none
	Notes        string
	// ClashOverride is the reason the secretariat gave for keeping the room
	// booked twice; empty when there is none.
	ClashOverride string
	CreatedAt     time.Time
	UpdatedAt     time.Time
	// Filled on read.
	RoomName   string
	Delegation string // the delegation's country name
}

// MaxHold is the longest a room may be held in one hold.
const MaxHold = 31 * 24 * time.Hour

// Validate checks a hold: a kind, a room, a label, start before end and a
// delegation for a delegation's office. It trims what was typed. Problems
// are keyed by the form's field names.
func (h *RoomHold) Validate() error {
	p := Problems{}
	h.Label, h.Notes = strings.TrimSpace(h.Label), strings.TrimSpace(h.Notes)
	h.ClashOverride = strings.TrimSpace(h.ClashOverride)
	if !oneOf(h.Kind, HoldKinds) {
		p.Add("kind", "Choose what the room is held for.")
	}
	if h.RoomID == 0 {
		p.Add("room", "Choose the room to hold.")
	}
	if h.Label == "" {
		p.Add("label", "Say what the hold is, e.g. “Set-up of the plenary hall”.")
	} else if utf8.RuneCountInString(h.Label) > 120 {
		p.Add("label", "The label is longer than 120 characters.")
	}
	if h.Kind == HoldDelegationOffice && h.DelegationID == 0 {
		p.Add("delegation", "Choose the delegation whose office this is.")
	}
	if utf8.RuneCountInString(h.Notes) > 2000 {
		p.Add("notes", "Notes are limited to 2000 characters.")
	}
	switch {
	case h.StartsAt.IsZero():
		p.Add("start", "Enter when the hold starts.")
	case h.EndsAt.IsZero():
		p.Add("end", "Enter when the hold ends.")
	case !h.EndsAt.After(h.StartsAt):
		p.Add("end", "The hold must end after it starts.")
	case h.EndsAt.Sub(h.StartsAt) > MaxHold:
		p.Add("end", "A hold lasts at most 31 days; add another for longer.")
	}
	return p.Err()
}

// ParseLocalTime reads a date and clock time as typed in a zone ("2025-02-26",
// "07:30") and returns the instant in UTC; a malformed one is a problem for
// field.
func ParseLocalTime(day, clock string, loc *time.Location, field string, p Problems) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(day)+" "+strings.TrimSpace(clock), loc)
	if err != nil {
		p.Add(field, "Enter the day as YYYY-MM-DD and the time as HH:MM on the 24-hour clock.")
		return time.Time{}
	}
	return t.UTC()
}
