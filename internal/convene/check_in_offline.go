package convene

import (
	"fmt"
	"time"
)

// QueuedCheckIn is a scan the check-in desk made, possibly while the venue's
// network was down, and sends later. ClientID is made by the desk
// (crypto.randomUUID) so that sending the same scan twice is recognised as
// one scan; ScannedAt is the desk's clock at the scan, which is when the
// person came through the door.
type QueuedCheckIn struct {
	ClientID  string
	Code      string
	SessionID int64 // 0 for the meeting as a whole
	ScannedAt time.Time
}

// SyncOutcome is what the server made of one queued scan.
type SyncOutcome string

// Sync outcomes. Only SyncRecorded writes a check-in; a scan already sent
// (the same client id) answers SyncRecorded again with the same check-in,
// so a repeat send is indistinguishable from the first.
const (
	SyncRecorded SyncOutcome = "recorded" // the check-in is on the server (written now or by an earlier send)
	SyncAlready  SyncOutcome = "already"  // the person was already checked in by another scan: nothing written
	SyncConflict SyncOutcome = "conflict" // the badge does not admit now (revoked, unknown, outside the rule): nothing written
	SyncInvalid  SyncOutcome = "invalid"  // the item itself is malformed: nothing written
)

// MaxQueuedAge is how far back a desk's scan time is believed. A desk whose
// clock is wrong (or a scan sent days later) is recorded at the time of the
// sync instead, so that no check-in is dated outside the sync's reach.
const MaxQueuedAge = 48 * time.Hour

// QueuedVerdict is the decision on one queued scan: the outcome, the time
// to record when it is recorded, and for the desk the reason in plain words.
type QueuedVerdict struct {
	Outcome SyncOutcome
	At      time.Time
	Message string
}

// QueuedCheckInFacts is what the store found for a queued scan: the badge
// with that code (nil when none has it; a delegate's or a badge holder's,
// decided by the same rule), whether this very scan (its client
// id) or another scan already checked the holder in, and the attendance
// warning of the session for the holder ("" when the rule admits, or for
// the meeting as a whole).
type QueuedCheckInFacts struct {
	Badge         *Badge
	SameScan      bool   // a check-in with this client id exists
	OtherScan     bool   // the holder was checked in for this meeting or session by another scan
	Warning       string // always "" for a badge holder: sessions' rules are about delegations
	SessionExists bool   // the session belongs to the meeting (always true for 0)
}

// DecideQueuedCheckIn decides a scan the desk made offline, now that the
// server sees it: a repeat of a scan already recorded is recorded (no second
// row); a badge that no longer admits (revoked or superseded meanwhile, the
// holder no longer accredited, an unknown code, another meeting's badge) or
// a holder the session's attendance rule does not admit is a conflict the
// desk must show, since the person was let in on the desk's offline word;
// a holder checked in by another scan is already in. Otherwise the
// check-in is recorded at the scan's time, or at now when that time is in
// the future or older than MaxQueuedAge.
func DecideQueuedCheckIn(q QueuedCheckIn, f QueuedCheckInFacts, meetingID int64, now time.Time) QueuedVerdict {
	switch {
	case !ValidClientID(q.ClientID):
		return QueuedVerdict{Outcome: SyncInvalid, Message: "The desk sent a scan without a valid id; it was not recorded."}
	case f.SameScan:
		return QueuedVerdict{Outcome: SyncRecorded, Message: "Already recorded (sent before)."}
	case !f.SessionExists:
		return QueuedVerdict{Outcome: SyncConflict, Message: "The session of this scan no longer exists; nothing was recorded."}
	case NormalizeBadgeCode(q.Code) == "" || f.Badge == nil:
		return QueuedVerdict{Outcome: SyncConflict, Message: "Admitted offline, but no badge has this code. " + RefuseUnknownCode}
	}
	if msg := BadgeRefusal(*f.Badge, meetingID); msg != "" {
		return QueuedVerdict{Outcome: SyncConflict, Message: "Admitted offline, but the badge no longer admits: " + msg}
	}
	if f.OtherScan {
		return QueuedVerdict{Outcome: SyncAlready, Message: fmt.Sprintf("%s was already checked in; nothing changed.", f.Badge.Name())}
	}
	if f.Warning != "" {
		return QueuedVerdict{Outcome: SyncConflict, Message: "Admitted offline outside the session's rule: " + f.Warning}
	}
	at := q.ScannedAt
	if at.IsZero() || at.After(now) || now.Sub(at) > MaxQueuedAge {
		at = now
	}
	return QueuedVerdict{Outcome: SyncRecorded, At: at.UTC(), Message: fmt.Sprintf("Checked in: %s.", f.Badge.Name())}
}

// ValidClientID reports whether s has the form of the id a desk makes for a
// scan: a UUID in its 36-character text form (crypto.randomUUID), lower or
// upper case hexadecimal.
func ValidClientID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, r := range s {
		switch i {
		case 8, 13, 18, 23:
			if r != '-' {
				return false
			}
		default:
			if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F') {
				return false
			}
		}
	}
	return true
}

// DeskAdmits returns the ids of the sessions whose attendance rule admits p,
// for the desk's offline list; delegation is p's delegation as the caterer
// counts it (the people expected, in the store's order).
func DeskAdmits(sessions []Session, p Delegate, delegation []Delegate) []int64 {
	out := []int64{}
	for _, s := range sessions {
		if MayAttend(s, p, delegation) {
			out = append(out, s.ID)
		}
	}
	return out
}

// SyncResult is the server's answer to one queued scan, for the desk:
// the outcome and its reason, and who the badge belongs to when known
// (a delegate's country, or a badge holder's organisation).
type SyncResult struct {
	ClientID     string
	Outcome      SyncOutcome
	Message      string
	CheckInID    int64 // the check-in recorded (or found), 0 for none; a badge holder's check-in for a holder's badge
	New          bool  // this send wrote the check-in
	Name         string
	Country      string
	Organisation string
}

// HolderAdmits returns the ids of the sessions a badge holder (staff,
// liaison officer, driver, media, security) may be checked in for, for the
// desk's offline list: all of them, since sessions' attendance rules are
// about delegations; what a holder may enter is the badge's zones.
func HolderAdmits(sessions []Session) []int64 {
	out := make([]int64, len(sessions))
	for i, s := range sessions {
		out[i] = s.ID
	}
	return out
}

// DeskEntry is one badge of the desk's offline list: the badge with its
// holder (no personal data), whether a photo is on file, the sessions
// whose attendance rule admits the holder, and the zones the badge opens.
// Holder is set (Holder.ID not 0) for a badge holder's badge, who is not
// a delegate; Badge.Delegate is then empty.
type DeskEntry struct {
	Badge    Badge
	Holder   BadgeHolder
	HasPhoto bool
	Sessions []int64
	Zones    []Zone
}
