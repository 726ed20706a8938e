package web

import (
	"encoding/xml"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"convene/internal/convene"
)

// planSeat is one seat as the printed SVG places it.
type planSeat struct {
	country        string
	x, y, w, h     float64
	chair, observe bool
}

// parsePlan reads the seats of the seating plan's SVG in document order:
// each seat group's data-country and its rectangle.
func parsePlan(t *testing.T, body string) map[string]planSeat {
	t.Helper()
	i, j := strings.Index(body, "<svg"), strings.Index(body, "</svg>")
	if i < 0 || j < i {
		t.Fatalf("no SVG on the seating plan:\n%.400s", body)
	}
	dec := xml.NewDecoder(strings.NewReader(body[i : j+len("</svg>")]))
	seats := map[string]planSeat{}
	var cur *planSeat
	attr := func(e xml.StartElement, name string) string {
		for _, a := range e.Attr {
			if a.Name.Local == name {
				return a.Value
			}
		}
		return ""
	}
	num := func(e xml.StartElement, name string) float64 {
		f, err := strconv.ParseFloat(attr(e, name), 64)
		if err != nil {
			t.Fatalf("<%s %s=%q>: %v", e.Name.Local, name, attr(e, name), err)
		}
		return f
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch {
			case e.Name.Local == "g" && strings.Contains(" "+attr(e, "class")+" ", " seat "):
				class := " " + attr(e, "class") + " "
				cur = &planSeat{country: attr(e, "data-country"), chair: strings.Contains(class, " chair "),
					observe: strings.Contains(class, " observer ")}
			case e.Name.Local == "rect" && cur != nil && cur.w == 0:
				cur.x, cur.y, cur.w, cur.h = num(e, "x"), num(e, "y"), num(e, "width"), num(e, "height")
			}
		case xml.EndElement:
			if e.Name.Local == "g" && cur != nil {
				seats[cur.country] = *cur
				cur = nil
			}
		}
	}
	return seats
}

var seatItem = regexp.MustCompile(`(?s)<li>\s*([^<(]*?)\s*(\((chair|observer)\))?\s*</li>`)

// printedOrder is the order the plan's list prints, chair and observers
// marked.
func printedOrder(t *testing.T, body string) (members []string, chair string, observers []string) {
	t.Helper()
	i := strings.Index(body, `id="seat-order"`)
	if i < 0 {
		t.Fatal("no seat order on the plan")
	}
	list := body[i : i+strings.Index(body[i:], "</ol>")]
	for _, m := range seatItem.FindAllStringSubmatch(list, -1) {
		switch m[3] {
		case "chair":
			chair = m[1]
		case "observer":
			observers = append(observers, m[1])
		default:
			members = append(members, m[1])
		}
	}
	return members, chair, observers
}

// TestSeatingPlanDirectionMatchesCaption reads the printed SVG: walking the
// Member States in the printed order from the chair, each seat's angle
// round the table's centre turns the way the caption says, once round
// the table back to the chair; in alternating mode they alternate sides
// starting at the chair's right (the viewer's left, the chair facing down
// the table). Observers sit at the foot.
func TestSeatingPlanDirectionMatchesCaption(t *testing.T) {
	app := newTestApp(t)
	c := app.as(convene.RoleOrganiser)
	const cx, cy = 500.0, 320.0 // the table's centre on the SVG
	angle := func(s planSeat) float64 {
		// Counted anticlockwise as the plan is seen (SVG y grows downwards).
		return math.Atan2(-(s.y+s.h/2-cy), s.x+s.w/2-cx) * 180 / math.Pi
	}
	_, body := c.get(retreatPath + "/seating")
	seats := parsePlan(t, body)
	members, chair, observers := printedOrder(t, body)
	if len(seats) != 11 || len(members) != 9 || chair != "Malaysia" || len(observers) != 1 {
		t.Fatalf("plan: %d seats, members %v, chair %q, observers %v", len(seats), members, chair, observers)
	}
	caption := regexp.MustCompile(`(?s)<p class="meta">(.*?)</p>`).FindStringSubmatch(body[strings.Index(body, "Seating plan"):])[1]
	var want float64 // +1 anticlockwise, -1 clockwise, as the caption says
	switch {
	case strings.Contains(caption, "anticlockwise") || strings.Contains(caption, "counter-clockwise"):
		want = 1
	case strings.Contains(caption, "clockwise"):
		want = -1
	default:
		t.Fatalf("the caption names no direction: %q", caption)
	}
	if !strings.Contains(caption, "chair's right") {
		t.Errorf("the caption does not say where the order starts: %q", caption)
	}
	walk := append(append([]string{chair}, members...), chair)
	turned := 0.0
	for i := 1; i < len(walk); i++ {
		a, b := seats[walk[i-1]], seats[walk[i]]
		d := math.Mod(angle(b)-angle(a)+540, 360) - 180
		if d*want <= 0 {
			t.Errorf("from %s (%.0f°) to %s (%.0f°) the plan turns %+.0f°, against the caption %q",
				walk[i-1], angle(a), walk[i], angle(b), d, caption)
		}
		turned += d
	}
	if math.Abs(turned-want*360) > 1 {
		t.Errorf("walking the printed order turns %.0f° round the table, want %.0f°", turned, want*360)
	}
	// The first Member State sits at the chair's right: the viewer's left.
	if s := seats[members[0]]; s.x+s.w/2 >= cx {
		t.Errorf("%s, first in order, sits on the viewer's right (x %.0f), not the chair's right", members[0], s.x)
	}
	for _, o := range observers {
		if s := seats[o]; s.y+s.h/2 <= 530 {
			t.Errorf("observer %s is not at the foot of the table (y %.0f)", o, s.y)
		}
	}

	_, body = c.get(retreatPath + "/seating?mode=alternating")
	seats = parsePlan(t, body)
	members, _, _ = printedOrder(t, body)
	if !strings.Contains(body, "alternating right and left of the chair") {
		t.Errorf("the alternating plan does not say so")
	}
	for i, m := range members {
		left := seats[m].x+seats[m].w/2 < cx // the viewer's left: the chair's right
		if left != (i%2 == 0) {
			t.Errorf("alternating: %s (%d in order) sits on the viewer's %s", m, i+1, map[bool]string{true: "left", false: "right"}[left])
		}
	}
}
