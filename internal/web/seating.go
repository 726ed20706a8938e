package web

import (
	"net/http"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// seating is the printable seating plan of the meeting's table (the room of
// its first plenary-style session with a room, if any) with the host in the
// chair, round the table from its right or with ?mode=alternating on alternating sides.
var seating = document{file: "seating", pdf: paths.SeatingPDF, build: (*Server).seating}

func (s *Server) handleSeating(c echo.Context) error    { return s.serveDocument(c, seating, false) }
func (s *Server) handleSeatingPDF(c echo.Context) error { return s.serveDocument(c, seating, true) }

func (s *Server) seating(c echo.Context, m convene.Meeting, doc views.PrintDoc) (templ.Component, error) {
	ctx := c.Request().Context()
	gs, err := s.db.FindDelegations(ctx, convene.DelegationFilter{MeetingID: m.ID})
	if err != nil {
		return nil, err
	}
	mode := convene.SeatAnticlockwise
	if c.QueryParam("mode") == string(convene.SeatAlternating) {
		mode = convene.SeatAlternating
	}
	doc.Title = "Seating plan"
	d := views.SeatingData{Doc: doc, Mode: mode}
	sessions, err := s.db.FindSessions(ctx, convene.SessionFilter{MeetingIDs: []int64{m.ID}})
	if err != nil {
		return nil, err
	}
	for _, x := range sessions {
		if x.RoomName != "" && (x.Kind == convene.SessionPlenary || x.Kind == convene.SessionRetreat) {
			d.Room = x.RoomName
			break
		}
	}
	others, err := s.db.FindSeatOthers(ctx, m.ID)
	if err != nil {
		return nil, err
	}
	d.Others = others
	d.Order = convene.SeatingPlan(gs, m.HostCountryID, mode, others)
	d.Seats = seatBoxes(d.Order)
	if others == convene.SeatOthersRow {
		d.Height = 720
	}
	return views.SeatingPage(d), nil
}

// seatBoxes places seats on the SVG: the table spans x 260–740, y 110–530;
// the chair sits above it, the chair's right is the viewer's left; a
// separate row of observers and partners sits at y 670, below the foot.
func seatBoxes(order []convene.Seat) []views.SeatBox {
	count := map[string]int{}
	for _, s := range order {
		count[s.Side]++
	}
	var out []views.SeatBox
	for _, s := range order {
		b := views.SeatBox{Country: s.Delegation.Country.Name, Head: s.Delegation.HeadName, Chair: s.Chair, Observer: s.Observer}
		n := max(count[s.Side], 1)
		switch s.Side {
		case "head":
			b.X, b.Y = 500, 60
		case "right":
			b.X, b.Y = 140, 150+s.Position*(360/max(n-1, 1))
		case "left":
			b.X, b.Y = 860, 150+s.Position*(360/max(n-1, 1))
		case "foot":
			b.X, b.Y = 500-(n-1)*120+s.Position*240, 585
		case "row":
			// A separate row behind the foot of the table, apart from it.
			b.X, b.Y = 500-(n-1)*120+s.Position*240, 670
		}
		b.Lines = views.SeatLabel(b.Country, b.Head, b.Y)
		out = append(out, b)
	}
	return out
}

// handleSeatingSettings shows where the meeting seats observers and
// partners.
func (s *Server) handleSeatingSettings(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	o, err := s.db.FindSeatOthers(c.Request().Context(), m.ID)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.SeatingSettingsPage(m, views.Form{Values: map[string]string{"others": string(o)}},
		seatOthersOptions(), s.canManage(c)))
}

// handleSeatingSettingsSave sets where the meeting seats observers and
// partners; a placement not offered comes back 422 next to the field.
func (s *Server) handleSeatingSettingsSave(c echo.Context) error {
	m, err := s.pathMeeting(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: formValues(c, "others")}
	if err := s.db.SetSeatOthers(c.Request().Context(), m.ID, convene.SeatOthers(f.Get("others"))); err != nil {
		return s.renderFormOf(c, err, func(f views.Form) (templ.Component, error) {
			return views.SeatingSettingsPage(m, f, seatOthersOptions(), true), nil
		}, f)
	}
	return s.redirect(c, paths.Seating(m.Code, convene.SeatAnticlockwise), "Observers and partners placed: "+
		strings.ToLower(convene.SeatOthers(f.Get("others")).Label())+".")
}

func seatOthersOptions() []views.Option {
	var out []views.Option
	for _, o := range convene.SeatOthersChoices {
		out = append(out, views.Option{Value: string(o), Label: o.Label()})
	}
	return out
}
