package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"convene/internal/convene"
	"convene/internal/paths"
	"convene/views"
)

// roomFormFields are the room form's fields, in the order they round-trip.
func roomFormFields() []string {
	out := []string{"name", "booths", "screens", "flags", "podium", "recording", "notes"}
	for _, l := range convene.RoomLayouts {
		out = append(out, "seats_"+string(l))
	}
	return out
}

// roomFromForm reads a room as typed. A layout left empty is not offered;
// anything typed in one must be a whole number (the rules then refuse 0 or
// less next to that layout), never silently taken as "not offered".
func roomFromForm(f views.Form, p convene.Problems) convene.Room {
	r := convene.Room{Name: f.Get("name"), Notes: f.Get("notes"), Seats: map[convene.RoomLayout]int{}}
	for _, l := range convene.RoomLayouts {
		v := strings.TrimSpace(f.Get("seats_" + string(l)))
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			p.Add("seats_"+string(l), "Enter the seats as a whole number, or leave it empty.")
			continue
		}
		r.Seats[l] = n
	}
	count := func(field string) int {
		v := strings.TrimSpace(f.Get(field))
		if v == "" {
			return 0
		}
		return formInt(v, field, "Enter a whole number from 0 to 20.", p)
	}
	r.Equipment = convene.RoomEquipment{Booths: count("booths"), Screens: count("screens"),
		Flags: f.Get("flags") == "1", Podium: f.Get("podium") == "1", Recording: f.Get("recording") == "1"}
	if err := r.Validate(); err != nil {
		mergeProblems(p, err)
	}
	return r
}

// roomValues is a stored room as the form shows it.
func roomValues(r convene.Room) map[string]string {
	v := map[string]string{"name": r.Name, "notes": r.Notes, "booths": strconv.Itoa(r.Equipment.Booths),
		"screens": strconv.Itoa(r.Equipment.Screens), "flags": boolValue(r.Equipment.Flags),
		"podium": boolValue(r.Equipment.Podium), "recording": boolValue(r.Equipment.Recording)}
	for l, n := range r.Seats {
		v["seats_"+string(l)] = strconv.Itoa(n)
	}
	return v
}

func (s *Server) handleRoomNewForm(c echo.Context) error {
	v, err := s.pathVenue(c)
	if err != nil {
		return err
	}
	f := views.Form{Values: map[string]string{"booths": "0", "screens": "0"}}
	return s.render(c, http.StatusOK, views.RoomFormPage(v, 0, f))
}

func (s *Server) handleRoomCreate(c echo.Context) error {
	return s.saveRoomForm(c, 0)
}

func (s *Server) handleRoomEditForm(c echo.Context) error {
	v, err := s.pathVenue(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "id", "Room")
	if err != nil {
		return err
	}
	r, err := s.db.FindRoomByID(c.Request().Context(), v.ID, id)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, views.RoomFormPage(v, id, views.Form{Values: roomValues(r)}))
}

func (s *Server) handleRoomUpdate(c echo.Context) error {
	id, err := pathID(c, "id", "Room")
	if err != nil {
		return err
	}
	return s.saveRoomForm(c, id)
}

// saveRoomForm adds (id 0) or changes a room of the path's venue. A refused
// form comes back 422 with what was typed and nothing written.
func (s *Server) saveRoomForm(c echo.Context, id int64) error {
	ctx := c.Request().Context()
	v, err := s.pathVenue(c)
	if err != nil {
		return err
	}
	page := func(f views.Form) templ.Component { return views.RoomFormPage(v, id, f) }
	f := views.Form{Values: formValues(c, roomFormFields()...)}
	p := convene.Problems{}
	r := roomFromForm(f, p)
	if err := p.Err(); err != nil {
		return s.renderForm(c, err, page, f)
	}
	if id == 0 {
		err = s.db.CreateRoom(ctx, v.ID, &r)
	} else {
		err = s.db.UpdateRoom(ctx, v.ID, id, &r)
	}
	if err != nil {
		return s.renderForm(c, err, page, f)
	}
	return s.redirect(c, paths.Venue(v.ID), "Room “"+r.Name+"” saved.")
}

// handleRoomDelete deletes a room nothing is booked in; otherwise the room's
// form comes back, 422, with the reason.
func (s *Server) handleRoomDelete(c echo.Context) error {
	v, err := s.pathVenue(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "id", "Room")
	if err != nil {
		return err
	}
	r, err := s.db.FindRoomByID(c.Request().Context(), v.ID, id)
	if err != nil {
		return err
	}
	if err := s.db.DeleteRoom(c.Request().Context(), v.ID, id); err != nil {
		return s.renderForm(c, err, func(f views.Form) templ.Component { return views.RoomFormPage(v, id, f) },
			views.Form{Values: roomValues(r)})
	}
	return s.redirect(c, paths.Venue(v.ID), "Room “"+r.Name+"” deleted.")
}
