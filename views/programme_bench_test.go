package views

import (
	"fmt"
	"testing"

	"convene/internal/convene"
)

// benchProgramme is a 60-session programme over 3 days in 4 rooms as the
// secretariat sees it (internal notes, edit links, a few clash warnings),
// with times formatted once as the handler formats them.
func benchProgramme() Programme {
	p := Programme{Meeting: benchMeeting(1), Zone: "MYT (Asia/Kuala_Lumpur)", CanEdit: true,
		Scope: "You see every session, including internal ones.", Version: 2, Published: "20 February 2025 17:30"}
	titles := []string{"Plenary: ASEAN centrality", "Hội nghị bàn tròn", "การประชุมทวิภาคี", "ກອງປະຊຸມ", "កិច្ចប្រជុំ", "အစည်းအဝေး"}
	for d := range 3 {
		day := ProgrammeDay{Label: fmt.Sprintf("Wednesday, %d February 2025", 26+d)}
		for i := range 20 {
			it := ProgrammeItem{ID: int64(d*20 + i + 1), Time: fmt.Sprintf("%02d:%02d–%02d:%02d MYT", 8+i/2, 30*(i%2), 8+i/2, 30*(i%2)+25),
				Title: titles[i%len(titles)], Kind: "Plenary", Room: fmt.Sprint("Straits Room ", i%4+1),
				Attendance: "Heads of delegation plus 2", Visibility: convene.VisibleDelegates,
				PublicNotes: "Lounge suit. Interpretation in English only.", InternalNotes: "Security sweep 30 minutes before."}
			if i%10 == 3 {
				it.Clashes = []convene.Clash{{Kind: convene.ClashRoom, Hard: true, On: convene.SessionRef(it.ID), With: convene.SessionRef(it.ID - 1),
					Message: "Straits Room is booked for both “Plenary” (26 Feb 09:00–10:30 MYT) and “Lunch” (26 Feb 10:00–11:00 MYT)."}}
			}
			day.Items = append(day.Items, it)
		}
		p.Days = append(p.Days, day)
	}
	p.Clashes = 6
	return p
}

// BenchmarkProgrammePage60 renders a meeting's programme of 60 sessions,
// the page delegates open most in registration week. Baseline: the empty
// layout.
func BenchmarkProgrammePage60(b *testing.B) {
	p := benchProgramme()
	n := 0
	for _, d := range p.Days {
		n += len(d.Items)
	}
	if n != 60 {
		b.Fatalf("%d sessions", n)
	}
	ratioBench(b, ProgrammePage(p))
}
