package convene

import (
	"sort"
	"time"
)

// SeesDraft reports whether a role reads a programme's working draft: the
// secretariat, who edits it, and the organisers, who prepare the venue from
// it. Everyone else (visitors, delegates, focal points, every calendar
// feed) reads the last published version, so that an edit is news only
// once the secretariat publishes it (DESIGN rule 13).
func SeesDraft(r Role) bool {
	return r == RoleAdmin || r == RoleOfficer || r == RoleOrganiser
}

// ProgrammeVersion is one publication of a meeting's programme: the
// sessions as they were at that moment are kept with it.
type ProgrammeVersion struct {
	Version     int // 1, 2, ...; 0 for a programme never published
	PublishedAt time.Time
	Note        string
}

// SessionChanged reports whether a session differs, in anything a reader of
// the programme or a calendar sees, from its published copy: a change that
// publishing must announce (a calendar client replaces the event when its
// SEQUENCE goes up).
func SessionChanged(published, draft Session) bool {
	return published.Title != draft.Title || published.Kind != draft.Kind ||
		!published.StartsAt.Equal(draft.StartsAt) || !published.EndsAt.Equal(draft.EndsAt) ||
		published.RoomID != draft.RoomID || published.RoomName != draft.RoomName ||
		published.Attendance != draft.Attendance || published.HeadsPlus != draft.HeadsPlus ||
		published.Visibility != draft.Visibility || published.PublicNotes != draft.PublicNotes ||
		published.InternalNotes != draft.InternalNotes || published.Cancelled != draft.Cancelled
}

// PublishedSequence is the SEQUENCE a session carries in the version being
// published: 0 the first time it is published, one more than in the
// previous version when it changed since (SessionChanged), the same when it
// did not. prev is nil for a session the previous version did not have.
func PublishedSequence(prev *Session, draft Session) int {
	switch {
	case prev == nil:
		return 0
	case SessionChanged(*prev, draft):
		return prev.Sequence + 1
	}
	return prev.Sequence
}

// ChangeKind says how the draft differs from the published version for one
// session.
type ChangeKind string

// The ways a session can have changed since the last publication.
const (
	ChangeNew     ChangeKind = "New"
	ChangeChanged ChangeKind = "Changed"
	ChangeRemoved ChangeKind = "Removed"
)

// SessionChange is one session of the working draft that is not as
// published: new, changed (with what changed) or removed.
type SessionChange struct {
	Kind    ChangeKind
	Session Session  // the draft's copy; the published one for a removed session
	What    []string // for a change: "time", "room", ... in plain words
}

// ProgrammeChanges compares the working draft with the published version
// and returns what publishing would change, in the draft's order, removed
// sessions last in their published order.
func ProgrammeChanges(published, draft []Session) []SessionChange {
	byID := make(map[int64]Session, len(published))
	for _, s := range published {
		byID[s.ID] = s
	}
	var out []SessionChange
	kept := map[int64]bool{}
	for _, d := range draft {
		p, ok := byID[d.ID]
		kept[d.ID] = true
		switch {
		case !ok:
			out = append(out, SessionChange{Kind: ChangeNew, Session: d})
		case SessionChanged(p, d):
			out = append(out, SessionChange{Kind: ChangeChanged, Session: d, What: changedParts(p, d)})
		}
	}
	var removed []SessionChange
	for _, p := range published {
		if !kept[p.ID] {
			removed = append(removed, SessionChange{Kind: ChangeRemoved, Session: p})
		}
	}
	sort.SliceStable(removed, func(i, j int) bool { return removed[i].Session.StartsAt.Before(removed[j].Session.StartsAt) })
	return append(out, removed...)
}

// changedParts names what differs between two copies of a session.
func changedParts(p, d Session) []string {
	var out []string
	add := func(changed bool, what string) {
		if changed {
			out = append(out, what)
		}
	}
	add(p.Title != d.Title, "title")
	add(p.Kind != d.Kind, "kind")
	add(!p.StartsAt.Equal(d.StartsAt) || !p.EndsAt.Equal(d.EndsAt), "time")
	add(p.RoomID != d.RoomID || p.RoomName != d.RoomName, "room")
	add(p.Attendance != d.Attendance || p.HeadsPlus != d.HeadsPlus, "attendance")
	add(p.Visibility != d.Visibility, "visibility")
	add(p.PublicNotes != d.PublicNotes, "notes")
	add(p.InternalNotes != d.InternalNotes, "internal notes")
	add(p.Cancelled != d.Cancelled, map[bool]string{true: "cancelled", false: "reinstated"}[d.Cancelled])
	return out
}
