// Package rooming proposes hotel room assignments from the room blocks the
// host holds and the nights each delegate needs. Delegates are placed by
// seniority (every head of delegation before anyone else, in protocol order
// among equals), each into the best room
// type that still has a room free for every night of their stay, and no
// block is ever used beyond its count on any night. It imports the domain
// only and does no I/O.
package rooming

import (
	"fmt"
	"slices"

	"convene/internal/convene"
)

// Block is a number of rooms of one type held at one hotel for a range of
// nights. Rank orders room types by quality: 0 is the best (suites for
// ministers), higher is plainer.
type Block struct {
	ID       int64
	Hotel    string
	RoomType string
	Rank     int
	Count    int          // rooms held each night
	First    convene.Date // first night
	Last     convene.Date // last night (the morning after is check-out)
}

// Covers reports whether the block holds rooms for every night from
// checkIn to the night before checkOut.
func (b Block) Covers(checkIn, checkOut convene.Date) bool {
	return !checkIn.Before(b.First) && !checkOut.AddDays(-1).After(b.Last)
}

// Guest is a delegate who needs a room.
type Guest struct {
	DelegateID int64
	Name       string
	Key        convene.ProtocolKey // decides who is placed first
	CheckIn    convene.Date
	CheckOut   convene.Date // the morning they leave
}

// Assignment puts a guest in a block for their nights.
type Assignment struct {
	DelegateID int64
	BlockID    int64
}

// Unplaced is a guest the proposal could not place, with the reason in plain words.
type Unplaced struct {
	Guest  Guest
	Reason string
}

// usage counts rooms taken per block per night.
type usage map[int64]map[convene.Date]int

func (u usage) free(b Block, in, out convene.Date) bool {
	for d := in; d.Before(out); d = d.AddDays(1) {
		if u[b.ID][d] >= b.Count {
			return false
		}
	}
	return true
}

func (u usage) take(b Block, in, out convene.Date) {
	if u[b.ID] == nil {
		u[b.ID] = map[convene.Date]int{}
	}
	for d := in; d.Before(out); d = d.AddDays(1) {
		u[b.ID][d]++
	}
}

// Propose places every guest not already assigned. existing assignments are
// kept as they are (the secretariat's hand edits win) and count against the
// blocks. Guests are placed in protocol order into the best-ranked block that
// covers their stay and has a room free every night.
func Propose(blocks []Block, guests []Guest, existing []Assignment) ([]Assignment, []Unplaced, error) {
	byID := map[int64]Block{}
	for _, b := range blocks {
		if b.Count < 0 {
			return nil, nil, fmt.Errorf("rooming: block %d has a negative count", b.ID)
		}
		byID[b.ID] = b
	}
	guestByID := map[int64]Guest{}
	for _, g := range guests {
		guestByID[g.DelegateID] = g
	}
	used := usage{}
	placed := map[int64]bool{}
	out := slices.Clone(existing)
	for _, a := range existing {
		b, ok := byID[a.BlockID]
		g, okg := guestByID[a.DelegateID]
		if !ok || !okg {
			continue
		}
		used.take(b, g.CheckIn, g.CheckOut)
		placed[a.DelegateID] = true
	}

	// Priority is seniority first across all delegations (every head before
	// any alternate), and protocol order among equals.
	order := slices.Clone(guests)
	slices.SortStableFunc(order, func(a, b Guest) int {
		if a.Key.Precedence != b.Key.Precedence {
			return a.Key.Precedence - b.Key.Precedence
		}
		return convene.CompareProtocol(a.Key, b.Key)
	})
	ranked := slices.Clone(blocks)
	slices.SortStableFunc(ranked, func(a, b Block) int { return a.Rank - b.Rank })

	var unplaced []Unplaced
	for _, g := range order {
		if placed[g.DelegateID] {
			continue
		}
		if !g.CheckIn.Before(g.CheckOut) {
			unplaced = append(unplaced, Unplaced{g, "no nights: check-out is not after check-in"})
			continue
		}
		covered := false
		done := false
		for _, b := range ranked {
			if !b.Covers(g.CheckIn, g.CheckOut) {
				continue
			}
			covered = true
			if used.free(b, g.CheckIn, g.CheckOut) {
				used.take(b, g.CheckIn, g.CheckOut)
				out = append(out, Assignment{DelegateID: g.DelegateID, BlockID: b.ID})
				done = true
				break
			}
		}
		switch {
		case done:
		case !covered:
			unplaced = append(unplaced, Unplaced{g, "no room block covers every night of the stay"})
		default:
			unplaced = append(unplaced, Unplaced{g, "every block that covers the stay is full on at least one night"})
		}
	}
	return out, unplaced, nil
}

// Overbooked returns, for each block and night where the assignments take
// more rooms than the block holds, how many rooms are taken. Empty means the
// assignments fit. The store runs it inside the write transaction of every
// hand assignment, so two officers assigning at once cannot overbook.
func Overbooked(blocks []Block, guests []Guest, assignments []Assignment) map[int64]map[convene.Date]int {
	byID := map[int64]Block{}
	for _, b := range blocks {
		byID[b.ID] = b
	}
	guestByID := map[int64]Guest{}
	for _, g := range guests {
		guestByID[g.DelegateID] = g
	}
	used := usage{}
	for _, a := range assignments {
		b, ok := byID[a.BlockID]
		g, okg := guestByID[a.DelegateID]
		if ok && okg {
			used.take(b, g.CheckIn, g.CheckOut)
		}
	}
	over := map[int64]map[convene.Date]int{}
	for id, nights := range used {
		for d, n := range nights {
			if n > byID[id].Count {
				if over[id] == nil {
					over[id] = map[convene.Date]int{}
				}
				over[id][d] = n
			}
		}
	}
	return over
}
